import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ImportRequest {
  url: string;
  headers: IncomingMessage['headers'];
  /** The uploaded file's name and content, taken out of the multipart body. */
  filename: string;
  content: string;
}

/** Which server the fake answers as: they differ in the XSRF header they demand and in `/api/status`. */
export type DashboardsProduct = 'kibana' | 'opensearch-dashboards';

const PRODUCTS: Record<DashboardsProduct, { xsrfHeader: string; status: unknown }> = {
  kibana: { xsrfHeader: 'kbn-xsrf', status: { status: { overall: { level: 'available' } } } },
  // OpenSearch Dashboards, a fork of Kibana 7.10, kept that release's status format and renamed the header.
  'opensearch-dashboards': { xsrfHeader: 'osd-xsrf', status: { status: { overall: { state: 'green', title: 'Green' } } } },
};

/**
 * Kibana's saved-objects API as far as setup uses it (`/api/status`, `_bulk_get`, `_import`),
 * answering the way Kibana 8 and later do, or OpenSearch Dashboards does. Neither runs on the
 * test machines; this checks the requests setup makes and how it reacts, not that the server
 * accepts the objects.
 */
export class FakeKibana {
  readonly imports: ImportRequest[] = [];
  /** `type/id` of the objects "in Kibana". */
  readonly stored = new Set<string>();
  private server: Server | undefined;

  constructor(readonly product: DashboardsProduct = 'kibana') {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const reply = (status: number, json: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        const { xsrfHeader, status } = PRODUCTS[this.product];
        if (req.method !== 'GET' && req.headers[xsrfHeader] === undefined) return reply(400, { message: `Request must contain a ${xsrfHeader} header.` });
        const path = new URL(req.url!, 'http://kibana').pathname;
        if (req.method === 'GET' && path === '/api/status') return reply(200, status);
        if (req.method === 'POST' && path === '/api/saved_objects/_bulk_get') {
          const wanted = JSON.parse(body) as { type: string; id: string }[];
          return reply(200, {
            saved_objects: wanted.map(({ type, id }) =>
              this.stored.has(`${type}/${id}`) ? { type, id, attributes: {} } : { type, id, error: { statusCode: 404, error: 'Not Found', message: `Saved object [${type}/${id}] not found` } },
            ),
          });
        }
        if (req.method === 'POST' && path === '/api/saved_objects/_import') {
          const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '');
          if (!boundary) return reply(415, { message: 'expected multipart/form-data' });
          const part = body.split(`--${boundary[1] ?? boundary[2]}`).find((p) => p.includes('name="file"'));
          if (!part) return reply(400, { message: '[request body.file]: expected value of type [Stream]' });
          const filename = /filename="([^"]*)"/.exec(part)?.[1] ?? '';
          const content = part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
          this.imports.push({ url: req.url!, headers: req.headers, filename, content });
          const objects = content.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { type: string; id: string });
          for (const o of objects) this.stored.add(`${o.type}/${o.id}`);
          return reply(200, { success: true, successCount: objects.length, successResults: objects.map(({ type, id }) => ({ type, id })) });
        }
        reply(404, { message: `no route ${req.method} ${path}` });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
