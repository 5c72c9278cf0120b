import { FORMATS, parseRouteJson, routeKey, TOPIC_NAME, type RouteSpec } from '@logpipe/schemas';
import { flagOption, stringOption, type CommandContext, type CommandSpec } from '../cli/command.js';
import { ConflictError, Failure, UsageError, ValidationError } from '../cli/errors.js';
import { renderTable, type Column } from '../cli/table.js';
import { withEtcd } from '../connect/etcd-store.js';
import { routeRecords, type RouteRecord } from './route-records.js';

const ROUTES_DESCRIPTION = [
  "The transfer's routes live in etcd at <transfer prefix>/routes/<topic> (default prefix /logtransfer) as",
  '{"index":"logs-{topic}-{yyyy.MM.dd}","format":"nginx"}; both fields are optional. index is an index',
  'name pattern with {topic} and a UTC date such as {yyyy.MM.dd}; format is the parser, one of',
  `${FORMATS.join(', ')}.`,
].join('\n');

export const routesLs: CommandSpec = {
  path: ['routes', 'ls'],
  summary: "list the transfer's topic → index and parser routes",
  usage: '',
  description: ROUTES_DESCRIPTION,
  options: {},
  positionals: { min: 0, max: 0 },
  servers: ['etcd', 'routes'],
  examples: ['logctl routes ls', 'logctl routes ls --json'],
  async run({ settings, out }) {
    const prefix = settings.transferPrefix();
    const records = await withEtcd(settings.etcd(), async (store) => routeRecords(await store.list(`${prefix}/routes/`), prefix));
    if (out.json) return out.data(records.map((r) => ({ topic: r.topic, key: r.key, mod_revision: r.modRevision, valid: r.errors.length === 0, errors: r.errors, value: r.value })));
    if (records.length === 0) return out.line(`No routes under ${prefix}/routes/: every topic goes to the transfer's [elasticsearch] index with its events' format.`);
    const field = (r: RouteRecord, name: keyof RouteSpec) => {
      const value = (r.value as RouteSpec | null)?.[name];
      return typeof value === 'string' ? value : '';
    };
    const columns: Column<RouteRecord>[] = [
      { header: 'TOPIC', value: (r) => r.topic, style: (text) => out.colour.bold(text) },
      { header: 'INDEX', value: (r) => field(r, 'index') || '(default)' },
      { header: 'FORMAT', value: (r) => field(r, 'format') || '(from events)' },
    ];
    if (records.some((r) => r.errors.length > 0)) {
      columns.push({ header: 'PROBLEM', value: (r) => r.errors.join('; '), style: (text) => out.colour.red(text) });
    }
    out.write(renderTable(records, columns, out.colour));
  },
};

export const routesSet: CommandSpec = {
  path: ['routes', 'set'],
  summary: "set a topic's route: the index pattern and/or the parser its documents get",
  usage: 'TOPIC [--index PATTERN] [--format F] [--dry-run]',
  description: [
    ROUTES_DESCRIPTION,
    '',
    'set writes the whole route: a field left out is removed (the transfer\'s default applies). It creates',
    'the key if absent, or replaces it only if nobody changed it since logctl read it.',
  ].join('\n'),
  options: {
    index: { type: 'string', value: 'PATTERN', description: 'index name pattern, e.g. logs-{topic}-{yyyy.MM.dd}' },
    format: { type: 'string', value: 'F', description: `parser: ${FORMATS.join(', ')}` },
    'dry-run': { type: 'boolean', description: 'validate and print the value that would be written; write nothing' },
  },
  positionals: { min: 1, max: 1 },
  servers: ['etcd', 'routes'],
  examples: ['logctl routes set nginx_log --format nginx', "logctl routes set audit_log --index 'audit-{yyyy.MM}' --format json", 'logctl routes set app_log --format json --dry-run'],
  run: setRoute,
};

async function setRoute(context: CommandContext): Promise<void> {
  const { settings, out } = context;
  const topic = context.positionals[0]!;
  const route: RouteSpec = {};
  const index = stringOption(context, 'index');
  const format = stringOption(context, 'format');
  if (index !== undefined) route.index = index;
  if (format !== undefined) route.format = format;
  if (index === undefined && format === undefined) throw new UsageError('routes set: give --index PATTERN, --format F or both; `logctl routes rm` removes a route');
  const parsed = parseRouteJson(JSON.stringify(route));
  const problems = [
    ...(TOPIC_NAME.test(topic) ? [] : [`topic ${JSON.stringify(topic)} is not a Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`]),
    ...(parsed.ok ? [] : parsed.errors),
  ];
  const prefix = settings.transferPrefix();
  const key = routeKey(prefix, topic);
  if (problems.length > 0) throw new ValidationError(`route for ${topic} (${key}) refused`, problems);
  const value = JSON.stringify(route);
  if (flagOption(context, 'dry-run')) {
    if (out.json) return out.data({ dry_run: true, topic, key, value: route });
    out.note(`dry run: would write ${key} with:`);
    return out.line(JSON.stringify(route, null, 2));
  }
  const created = await withEtcd(settings.etcd(), async (store) => {
    const current = await store.get(key);
    const applied = current ? await store.update(key, value, current.modRevision) : await store.create(key, value);
    if (!applied) throw new ConflictError(key, `logctl routes set ${topic} ...`);
    return current === undefined;
  });
  if (out.json) return out.data({ [created ? 'created' : 'updated']: topic, key, value: route });
  out.line(`${out.colour.green(created ? 'created' : 'updated')} route ${topic} (${key}): ${value}`);
}

export const routesRm: CommandSpec = {
  path: ['routes', 'rm'],
  summary: "remove a topic's route; its documents go back to the transfer's defaults",
  usage: 'TOPIC',
  description: ROUTES_DESCRIPTION,
  options: {},
  positionals: { min: 1, max: 1 },
  servers: ['etcd', 'routes'],
  examples: ['logctl routes rm nginx_log'],
  async run(context) {
    const { settings, out } = context;
    const topic = context.positionals[0]!;
    const key = routeKey(settings.transferPrefix(), topic);
    await withEtcd(settings.etcd(), async (store) => {
      const current = await store.get(key);
      if (!current) throw new Failure(`no route for ${topic} (${key}); \`logctl routes ls\` lists them`);
      if (!(await store.remove(key, current.modRevision))) throw new ConflictError(key, `logctl routes rm ${topic}`);
    });
    if (out.json) return out.data({ removed: topic, key });
    out.line(`${out.colour.green('removed')} route ${topic} (${key})`);
  },
};
