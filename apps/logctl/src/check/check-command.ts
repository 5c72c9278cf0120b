import { readFileSync } from 'node:fs';
import { ConfigError, formatProblem, loadConfig, type ConfigProblem } from '@logpipe/config';
import { stringOption, type CommandSpec } from '../cli/command.js';
import { EXIT_USAGE, UsageError } from '../cli/errors.js';
import { APPS, detectApp, type AppName } from './detect-app.js';

export const checkCommand: CommandSpec = {
  path: ['check'],
  summary: "validate a logagent or logtransfer INI file with the app's own schema, reporting every problem",
  usage: '--config FILE [--app logagent|logtransfer]',
  description: [
    'Reads the file exactly as the app would, environment overrides (LOGAGENT_*/LOGTRANSFER_*) included,',
    'and reports every problem at once with its section, key and value, then exits 0 (valid) or 2.',
    'Which app the file is for is told by the sections only one app has ([agent]: logagent; [transfer],',
    '[elasticsearch], [bulk], [transform]: logtransfer); --app decides when the file has neither.',
  ].join('\n'),
  options: {
    config: { type: 'string', short: 'c', value: 'FILE', description: 'the INI file to check' },
    app: { type: 'string', value: 'APP', description: 'logagent or logtransfer (default: detected from the sections)' },
  },
  positionals: { min: 0, max: 0 },
  servers: [],
  examples: ['logctl check --config /etc/logagent/logagent.ini', 'logctl check --config transfer.ini --app logtransfer --json'],
  async run(context) {
    const { out, env } = context;
    const path = stringOption(context, 'config');
    if (path === undefined) throw new UsageError('check: --config FILE is required');
    const app = appOf(stringOption(context, 'app'), path);
    const { schema, envPrefix } = APPS[app];
    let problems: readonly ConfigProblem[] = [];
    try {
      loadConfig(path, schema, { envPrefix, env, allowEnv: [`${envPrefix}_CONFIG`] });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    if (out.json) out.data({ file: path, app, valid: problems.length === 0, problems });
    else if (problems.length === 0) out.line(`${path}: ${out.colour.green('OK')} (${app})`);
    else {
      out.line(`${path}: ${out.colour.red(`invalid ${app} configuration`)} (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}):`);
      for (const problem of problems) out.line(`  ${formatProblem(problem)}`);
    }
    return problems.length === 0 ? 0 : EXIT_USAGE;
  },
};

function appOf(flag: string | undefined, path: string): AppName {
  if (flag !== undefined) {
    if (flag in APPS) return flag as AppName;
    throw new UsageError(`--app ${JSON.stringify(flag)}: must be logagent or logtransfer`);
  }
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // loadConfig reports an unreadable file with what to do; any app will do for that.
    return 'logagent';
  }
  const app = detectApp(text);
  if (!app) throw new UsageError(`${path}: cannot tell whether it is a logagent or a logtransfer file from its sections; give --app logagent or --app logtransfer`);
  return app;
}
