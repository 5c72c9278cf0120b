import { createLogger, type Logger, type LogFields, type LogLevel } from './logger.js';
import { chooseLogFormat, type LogFormatSetting } from './log-format.js';

/**
 * A logger to stderr in the format the setting and the terminal call for: text (coloured unless
 * NO_COLOR is set or TERM=dumb) for a person, JSON for a pipe or a file.
 */
export function consoleLogger(options: { level: LogLevel; format: LogFormatSetting; fields: LogFields; env?: NodeJS.ProcessEnv }): Logger {
  const env = options.env ?? process.env;
  const format = chooseLogFormat(options.format, process.stderr);
  const colour = process.stderr.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  return createLogger({ level: options.level, fields: options.fields, format, colour });
}
