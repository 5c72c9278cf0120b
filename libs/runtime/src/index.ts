export { type Service, onceStop } from './service.js';
export { type Logger, type LogLevel, type LogFields, LOG_LEVELS, createLogger } from './logger.js';
export { type LogFormat, type LogFormatSetting, LOG_FORMATS, chooseLogFormat, formatText } from './log-format.js';
export { consoleLogger } from './console-logger.js';
export { Backoff, type BackoffOptions, sleep } from './backoff.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { parseAppArgs, type AppArgs } from './app-args.js';
export { runServices, type RunServicesOptions } from './run-services.js';
