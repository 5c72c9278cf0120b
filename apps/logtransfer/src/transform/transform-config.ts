import { ConfigError, type ConfigProblem } from '@logpipe/config';
import { compileCondition, type Condition } from './drop/condition.js';
import { parseAddFields } from './fields/add-fields.js';
import { createParsers } from './parsers/parser-registry.js';
import { RegexParser } from './parsers/regex-parser.js';
import { compileTimestampFormat, DEFAULT_TIMESTAMP_FORMATS, TIMESTAMP_PRESETS, type TimestampFormat } from './time/timestamp-format.js';
import { TimestampParser } from './time/timestamp-parser.js';
import { TimeZone } from './time/time-zone.js';
import { Transform } from './transform.js';

/** The `[transform]` section, as the config loader returns it. */
export interface TransformSection {
  timezone: string;
  timestamp_formats: readonly string[];
  add_fields: readonly string[];
  drop_when?: string | undefined;
  regex?: string | undefined;
}

/** The section with every default: what a transfer without `[transform]` runs. */
export const DEFAULT_TRANSFORM_SECTION: TransformSection = {
  timezone: 'UTC',
  timestamp_formats: DEFAULT_TIMESTAMP_FORMATS,
  add_fields: [],
};

/**
 * Compiles `[transform]`: the time zone, every timestamp format, the regex and the drop condition
 * are checked here, at startup (and by `--check`), never on the first message.
 * @param source the config file, for the error.
 * @throws ConfigError with every problem of the section.
 */
export function compileTransform(section: TransformSection, source: string): Transform {
  const problems: ConfigProblem[] = [];
  const problem = (key: string, value: string, message: string): void => {
    problems.push({ source, section: 'transform', key, value, message });
  };

  let zone = TimeZone.UTC;
  try {
    zone = TimeZone.named(section.timezone);
  } catch {
    problem('timezone', section.timezone, 'is not a time zone this runtime knows; use an IANA name like UTC, Europe/Berlin or America/New_York');
  }

  const formats: TimestampFormat[] = [];
  for (const name of section.timestamp_formats) {
    try {
      formats.push(compileTimestampFormat(name));
    } catch (err) {
      problem('timestamp_formats', name, `${(err as Error).message}; use a preset (${TIMESTAMP_PRESETS.join(', ')}) or a pattern like yyyy-MM-dd HH:mm:ss[.SSS]`);
    }
  }
  const timestamps = new TimestampParser(formats, zone);

  const { assignments, problems: fieldProblems } = parseAddFields(section.add_fields);
  for (const message of fieldProblems) problem('add_fields', section.add_fields.join(', '), message);

  let dropWhen: Condition | undefined;
  if (section.drop_when !== undefined && section.drop_when.trim() !== '') {
    try {
      dropWhen = compileCondition(section.drop_when);
    } catch (err) {
      problem('drop_when', section.drop_when, `${(err as Error).message}; e.g. log.level == "debug" or message =~ /healthcheck/`);
    }
  }

  let regex: RegexParser | undefined;
  if (section.regex !== undefined && section.regex !== '') {
    try {
      regex = new RegexParser(section.regex, timestamps);
    } catch (err) {
      problem('regex', section.regex, (err as Error).message);
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  const { parsers, json } = createParsers({ timestamps, regex });
  return new Transform({ parsers, json, addFields: assignments, dropWhen });
}
