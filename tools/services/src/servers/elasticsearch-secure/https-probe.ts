import { request } from 'node:https';

/**
 * GET over HTTPS with a CA and basic auth, which `fetch` cannot be given without undici; the
 * parsed JSON body of a 2xx, undefined on anything else (a health probe only asks "ready yet?").
 */
export function getJsonHttps(url: string, options: { ca: Buffer; username: string; password: string; timeoutMs?: number }): Promise<unknown> {
  return new Promise((resolve) => {
    const req = request(url, { ca: options.ca, auth: `${options.username}:${options.password}`, timeout: options.timeoutMs ?? 2000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => resolve(undefined));
      res.on('end', () => {
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) return resolve(undefined);
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(undefined));
    req.end();
  });
}
