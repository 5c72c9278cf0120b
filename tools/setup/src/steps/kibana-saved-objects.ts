import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { waitFor } from '@logpipe/runtime';
import type { StepResult } from './step-result.js';

export interface KibanaTarget {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
}

export interface SavedObjectsFile {
  path: string;
  text: string;
  sha256: string;
  objects: { type: string; id: string; title: string }[];
}

/** Reads the ndjson export; every line must be a saved object with a type and an id. */
export async function readSavedObjects(path: string): Promise<SavedObjectsFile> {
  const text = await readFile(path, 'utf8');
  const objects = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      let parsed: { type?: unknown; id?: unknown; attributes?: { title?: unknown; name?: unknown } };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch (err) {
        throw new Error(`${path}:${index + 1}: not JSON: ${(err as Error).message}`);
      }
      if (typeof parsed.type !== 'string' || typeof parsed.id !== 'string') throw new Error(`${path}:${index + 1}: a saved object needs "type" and "id"`);
      return { type: parsed.type, id: parsed.id, title: String(parsed.attributes?.title ?? parsed.attributes?.name ?? parsed.id) };
    });
  return { path, text, sha256: createHash('sha256').update(text).digest('hex'), objects };
}

function headers(kibana: KibanaTarget): Record<string, string> {
  return {
    'kbn-xsrf': 'logpipe-setup',
    // OpenSearch Dashboards asks for its own header; each ignores the other's.
    'osd-xsrf': 'true',
    ...(kibana.username ? { authorization: `Basic ${Buffer.from(`${kibana.username}:${kibana.password ?? ''}`).toString('base64')}` } : {}),
  };
}

/** Kibana answers `/api/status` long before it is usable; `overall.level` says when it is. */
export async function waitForKibana(kibana: KibanaTarget, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const response = await fetch(new URL('/api/status', kibana.url), { headers: headers(kibana) });
      if (!response.ok) throw new Error(`GET /api/status answered ${response.status}`);
      const body = (await response.json()) as { status?: { overall?: { level?: string; state?: string } } };
      const level = body.status?.overall?.level ?? body.status?.overall?.state;
      if (level !== 'available' && level !== 'green') throw new Error(`Kibana reports itself ${level ?? 'in an unknown state'}`);
      return true;
    },
    { what: `Kibana at ${kibana.url} to be available`, timeoutMs, intervalMs: 2000 },
  );
}

/** The objects of the file that Kibana does not have (deleted by someone, or never imported). */
async function missingObjects(kibana: KibanaTarget, file: SavedObjectsFile): Promise<string[]> {
  const response = await fetch(new URL('/api/saved_objects/_bulk_get', kibana.url), {
    method: 'POST',
    headers: { ...headers(kibana), 'content-type': 'application/json' },
    body: JSON.stringify(file.objects.map(({ type, id }) => ({ type, id }))),
  });
  if (!response.ok) throw new Error(`POST /api/saved_objects/_bulk_get answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { saved_objects: { type: string; id: string; error?: unknown }[] };
  return body.saved_objects.filter((o) => o.error !== undefined).map((o) => `${o.type}/${o.id}`);
}

async function importObjects(kibana: KibanaTarget, file: SavedObjectsFile): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([file.text], { type: 'application/ndjson' }), basename(file.path));
  const response = await fetch(new URL('/api/saved_objects/_import?overwrite=true', kibana.url), { method: 'POST', headers: headers(kibana), body: form });
  const text = await response.text();
  if (!response.ok) throw new Error(`Kibana import answered ${response.status}: ${text}`);
  const result = JSON.parse(text) as { success?: boolean; successCount?: number; errors?: unknown[] };
  if (!result.success) throw new Error(`Kibana imported ${result.successCount ?? 0} of ${file.objects.length} objects: ${JSON.stringify(result.errors)}`);
}

/**
 * What setup imported last is recorded in a hidden index of the cluster Kibana keeps its objects
 * in, so a run knows whether the shipped file changed since. Kibana's own copy cannot be compared
 * with the file: Kibana migrates objects as it imports them.
 */
const STATE_ID = 'kibana-saved-objects';

async function lastImported(es: Client, stateIndex: string): Promise<string | undefined> {
  const doc = await es.get<{ sha256?: string }>({ index: stateIndex, id: STATE_ID }, { ignore: [404] });
  return doc.found ? doc._source?.sha256 : undefined;
}

async function recordImport(es: Client, stateIndex: string, kibana: KibanaTarget, file: SavedObjectsFile): Promise<void> {
  const exists = await es.indices.exists({ index: stateIndex });
  if (!exists) {
    await es.indices.create(
      { index: stateIndex, settings: { 'index.hidden': true, number_of_shards: 1, number_of_replicas: 0 }, mappings: { dynamic: false } },
      { ignore: [400] }, // created meanwhile by a concurrent run
    );
  }
  await es.index({
    index: stateIndex,
    id: STATE_ID,
    refresh: true,
    document: { sha256: file.sha256, kibana: kibana.url, objects: file.objects.map((o) => `${o.type}/${o.id}`), imported_at: new Date().toISOString() },
  });
}

/**
 * Imports the saved objects with `overwrite=true` when the file changed since the last import or
 * when Kibana lacks any of them; otherwise leaves Kibana alone, so edits people made to other
 * objects, and the objects' history, stay as they are.
 */
export async function ensureSavedObjects(kibana: KibanaTarget, es: Client, stateIndex: string, file: SavedObjectsFile): Promise<StepResult> {
  const subject = `kibana saved objects ${basename(file.path)} (${file.objects.length})`;
  const missing = await missingObjects(kibana, file);
  const previous = await lastImported(es, stateIndex);
  if (missing.length === 0 && previous === file.sha256) return { subject, outcome: 'unchanged' };
  await importObjects(kibana, file);
  await recordImport(es, stateIndex, kibana, file);
  if (previous === undefined) return { subject, outcome: 'created' };
  return { subject, outcome: 'updated', detail: missing.length > 0 ? `re-imported; Kibana lacked ${missing.join(', ')}` : 'the file changed since the last import' };
}
