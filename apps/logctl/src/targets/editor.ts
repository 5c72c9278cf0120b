import { spawnSync } from 'node:child_process';
import { Failure, UsageError } from '../cli/errors.js';

/**
 * `$VISUAL`, then `$EDITOR`, then vi: the order git and kubectl use. Without a terminal, vi
 * would wait for keys that never come, so a script must name its editor.
 */
export function editorCommand(env: NodeJS.ProcessEnv, interactive: boolean): string {
  const chosen = env.VISUAL?.trim() || env.EDITOR?.trim();
  if (chosen) return chosen;
  if (!interactive) throw new UsageError('targets edit: no terminal and no editor; set EDITOR (or VISUAL) to a command that edits the file it is given');
  return 'vi';
}

/**
 * Runs the editor on the file and waits for it. Through the shell, so that an editor with
 * arguments (`code --wait`, `emacs -nw`) works as it does for git; the file name is passed as an
 * argument, never spliced into the command text.
 */
export function runEditor(command: string, file: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync('/bin/sh', ['-c', `${command} "$1"`, 'logctl-editor', file], { stdio: 'inherit', env });
  if (result.error) throw new Failure(`could not run the editor (${command}): ${result.error.message}; set EDITOR`);
  if (result.status !== 0) throw new Failure(`the editor (${command}) exited with ${result.status ?? result.signal}; nothing was written`);
}
