import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { CliError, ValidationError } from '../cli/errors.js';
import { withEtcd } from '../connect/etcd-store.js';
import { editorCommand, runEditor } from './editor.js';
import { findTarget, TARGET_REF_OPTIONS, targetRefOf } from './target-ref.js';
import type { TargetRecord } from './target-records.js';
import { commitKey, keyValueWith, validateKeyValue } from './target-write.js';

export const targetsEdit: CommandSpec = {
  path: ['targets', 'edit'],
  summary: "edit a target's JSON in $EDITOR; validated on save, written only if nobody changed it meanwhile",
  usage: 'ID [--agent A | --all]',
  description: [
    'Opens $VISUAL or $EDITOR (default vi) on the target\'s JSON. On save the value is validated with the',
    "agent's parser: an invalid value re-opens the editor with the problems on top (lines starting with //",
    'are ignored); saving it again unchanged gives up (exit 2). An empty file or an unchanged value writes',
    'nothing. The write applies only if the key still has the revision it had when the editor opened;',
    'otherwise someone else changed it meanwhile: nothing is written, your version is kept in a file, and',
    'logctl exits 1 asking you to re-run.',
  ].join('\n'),
  options: TARGET_REF_OPTIONS,
  positionals: { min: 1, max: 1 },
  servers: ['etcd'],
  examples: ['logctl targets edit web-1/nginx', 'EDITOR=nano logctl targets edit web-1/collect_config[0]'],
  run: editTarget,
};

const COMMENT = /^\s*\/\/.*(?:\r?\n|$)/gm;

async function editTarget(context: CommandContext): Promise<void> {
  const { settings, out, env } = context;
  const prefix = settings.prefix();
  const allowedPaths = settings.allowedPaths();
  const ref = targetRefOf(context);
  await withEtcd(settings.etcd(), async (store) => {
    const { record, stored } = await findTarget(store, prefix, ref, allowedPaths);
    const dir = await mkdtemp(join(tmpdir(), 'logctl-edit-'));
    const file = join(dir, `${record.ref.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
    let keep = false;
    try {
      const original = typeof record.value === 'string' ? record.value : JSON.stringify(record.value, null, 2);
      let text = `${intro(record)}${original}\n`;
      let rejected: string | undefined;
      for (;;) {
        await writeFile(file, text);
        runEditor(editorCommand(env, process.stdin.isTTY === true), file, env);
        const body = (await readFile(file, 'utf8')).replace(COMMENT, '');
        if (body.trim() === '') return out.note(`edit of ${record.ref} cancelled: the file was empty; nothing was written`);
        const edited = parseJson(body);
        if (edited.ok && JSON.stringify(edited.value) === JSON.stringify(record.value)) {
          return out.note(`${record.ref} unchanged; nothing was written`);
        }
        const value = edited.ok ? keyValueWith(record, stored, edited.value) : undefined;
        const problems = edited.ok ? problemsOf(() => validateKeyValue(prefix, stored.key, value!, allowedPaths, record.ref)) : [`invalid JSON: ${edited.error}`];
        if (problems.length === 0) {
          try {
            await commitKey(store, stored, value, `logctl targets edit ${record.ref}`);
          } catch (err) {
            keep = true;
            if (err instanceof CliError) throw new CliError(`${err.message}\nyour version is kept in ${file}`, err.exitCode);
            throw err;
          }
          if (out.json) return out.data({ updated: record.ref, key: stored.key, value: edited.ok ? edited.value : undefined });
          return out.line(`${out.colour.green('updated')} ${record.ref} (${stored.key})`);
        }
        if (body === rejected) {
          throw new ValidationError(`${record.ref}: saved unchanged after it was refused, so the edit is abandoned`, problems);
        }
        rejected = body;
        out.warn(`${record.ref} refused, re-opening the editor: ${problems.join('; ')}`);
        text = `${refusal(problems)}${intro(record)}${body}`;
      }
    } finally {
      if (!keep) await rm(dir, { recursive: true, force: true });
    }
  });
}

function intro(record: TargetRecord): string {
  return [
    `// Editing ${record.ref}: ${record.key} (mod revision ${record.modRevision}).`,
    '// Save and quit to apply; lines starting with // are ignored; an empty file cancels.',
    '',
  ].join('\n');
}

function refusal(problems: readonly string[]): string {
  return ['// This value was refused; nothing was written:', ...problems.map((p) => `//   ${p}`), '// Fix it and save, or save it unchanged to give up.', ''].join('\n');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

function problemsOf(validate: () => void): string[] {
  try {
    validate();
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return [...err.problems];
    throw err;
  }
}
