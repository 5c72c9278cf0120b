import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isObject, type Fields } from './fields/fields.js';
import { compileTransform, DEFAULT_TRANSFORM_SECTION, type TransformSection } from './transform-config.js';
import type { Transform } from './transform.js';

/** Helpers for the transform's unit tests; not used by the app. */

/** When the agent read every fixture line: after the lines' own times, so years infer to 2026. */
export const READ_TIME = '2026-11-24T21:00:10.000Z';

/** The lines of `apps/logtransfer/testdata/<name>` (the same path from `src/` and from `dist/`). */
export function fixtureLines(name: string): string[] {
  const text = readFileSync(new URL(`../../testdata/${name}`, import.meta.url), 'utf8');
  return text.replace(/\n$/, '').split('\n');
}

/** A whole fixture file as one event's message, as the agent's multiline joiner sends it. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../testdata/${name}`, import.meta.url), 'utf8').replace(/\n$/, '');
}

export function transformWith(section: Partial<TransformSection> = {}): Transform {
  return compileTransform({ ...DEFAULT_TRANSFORM_SECTION, ...section }, 'test.ini');
}

/** A decoded agent event, as `toDocument` hands it to the transform. */
export function agentEvent(line: string, readTime = READ_TIME): Fields {
  return {
    '@timestamp': readTime,
    message: line,
    event: { id: 'k3Jd9x0aQ1mPz8Yw-1042' },
    log: { offset: 1042, file: { path: '/var/log/app.log' } },
    host: { name: 'web-1' },
    agent: { type: 'logagent', name: 'web-1', id: 'a1', version: '0.1.0' },
  };
}

/**
 * Parses one line and returns what the parser made of it: the document without the pipeline
 * fields, after asserting that those came through unchanged. Tests compare it whole, so a
 * field too many fails as much as one missing.
 */
export function parseLine(transform: Transform, format: string, line: string, readTime = READ_TIME): Fields {
  const document = agentEvent(line, readTime);
  transform.parse(format, line, document);
  const log = document.log as Fields;
  const event = document.event as Fields;
  const host = document.host as Fields;
  assert.equal(event.id, 'k3Jd9x0aQ1mPz8Yw-1042');
  assert.equal(log.offset, 1042);
  assert.deepEqual(log.file, { path: '/var/log/app.log' });
  assert.equal(host.name, 'web-1');
  assert.deepEqual(document.agent, { type: 'logagent', name: 'web-1', id: 'a1', version: '0.1.0' });
  delete event.id;
  delete log.offset;
  delete log.file;
  delete host.name;
  delete document.agent;
  return withoutEmptyObjects(document);
}

function withoutEmptyObjects(fields: Fields): Fields {
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (isObject(value) && Object.keys(withoutEmptyObjects(value)).length === 0) delete fields[key];
  }
  return fields;
}
