/**
 * Realistic log lines for the demo: an nginx access log in the `combined` format and an
 * application log in ECS JSON (what the ecs-logging libraries write), with levels. Seeded, so a
 * test gets the same lines every time. Client addresses come from the documentation ranges
 * (RFC 5737): the lines name them, nothing ever connects to them.
 */
export interface DemoLine {
  file: 'nginx' | 'app';
  text: string;
}

const PATHS: [path: string, method: string, weight: number][] = [
  ['/', 'GET', 20], ['/products', 'GET', 15], ['/api/products', 'GET', 14], ['/api/products/{id}', 'GET', 12],
  ['/api/cart', 'POST', 8], ['/api/checkout', 'POST', 4], ['/login', 'POST', 3], ['/static/app.js', 'GET', 10],
  ['/static/style.css', 'GET', 8], ['/healthz', 'GET', 5], ['/wp-login.php', 'GET', 1],
];
const STATUSES: [status: number, weight: number][] = [[200, 80], [304, 6], [301, 2], [404, 6], [401, 2], [500, 2], [502, 1], [503, 1]];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'curl/8.5.0',
  'kube-probe/1.30',
];
const NETS = ['192.0.2', '198.51.100', '203.0.113'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const APP_INFO = ['order placed', 'cart updated', 'user logged in', 'product list served from cache', 'price list refreshed', 'session renewed'];
const APP_DEBUG = ['cache hit', 'sql query finished', 'feature flag evaluated', 'connection returned to pool'];
const APP_WARN = ['slow query', 'retrying payment provider call', 'cache miss storm', 'deprecated API version used by client'];
const APP_ERROR = ['payment provider timed out', 'database connection refused', 'unhandled exception in checkout handler', 'inventory service answered 503'];

export class DemoLines {
  private state: number;

  constructor(seed = Date.now()) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: small, fast and good enough for log lines. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private weighted<T extends readonly [unknown, ...unknown[]]>(items: readonly T[]): T {
    const total = items.reduce((sum, item) => sum + (item[item.length - 1] as number), 0);
    let roll = this.random() * total;
    for (const item of items) {
      roll -= item[item.length - 1] as number;
      if (roll < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** One request: its access-log line, and the application's line about it when it logged one. */
  request(now: Date, errorBoost = 1): DemoLine[] {
    const [template, method] = this.weighted(PATHS);
    const path = template.replace('{id}', String(this.int(1, 500)));
    let [status] = this.weighted(STATUSES);
    if (errorBoost > 1 && path.startsWith('/api/') && this.random() < 0.1 * errorBoost) status = this.pick([500, 502, 503]);
    if (path === '/wp-login.php') status = 404;
    const bytes = status === 304 ? 0 : this.int(200, path.startsWith('/static/') ? 90_000 : 8_000);
    const ip = `${this.pick(NETS)}.${this.int(1, 254)}`;
    const referer = path.startsWith('/static/') ? '"http://shop.example/"' : '"-"';
    const lines: DemoLine[] = [
      { file: 'nginx', text: `${ip} - - [${nginxTime(now)}] "${method} ${path} HTTP/1.1" ${status} ${bytes} ${referer} "${this.pick(AGENTS)}"` },
    ];
    if (path.startsWith('/api/') || path === '/login') lines.push(this.appLine(now, status, method, path));
    return lines;
  }

  private appLine(now: Date, status: number, method: string, path: string): DemoLine {
    let level: 'debug' | 'info' | 'warn' | 'error';
    let message: string;
    if (status >= 500) [level, message] = ['error', this.pick(APP_ERROR)];
    else if (status === 401 || this.random() < 0.08) [level, message] = ['warn', status === 401 ? 'login failed: bad credentials' : this.pick(APP_WARN)];
    else if (this.random() < 0.2) [level, message] = ['debug', this.pick(APP_DEBUG)];
    else [level, message] = ['info', this.pick(APP_INFO)];
    const record = {
      '@timestamp': now.toISOString(),
      'log.level': level,
      message,
      'ecs.version': '8.11.0',
      'service.name': 'shop-api',
      'http.request.method': method,
      'url.path': path,
      'http.response.status_code': status,
      'event.duration': this.int(1, status >= 500 ? 3_000 : 250) * 1_000_000,
      'trace.id': Array.from({ length: 4 }, () => this.int(0, 0xffffffff).toString(16).padStart(8, '0')).join(''),
    };
    return { file: 'app', text: JSON.stringify(record) };
  }
}

/** `24/Nov/2025:21:00:00 +0000`, nginx's `$time_local` (in UTC here). */
export function nginxTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
