import assert from 'node:assert/strict';

/** Fails naming the output and the kind of secret found, never printing the secret itself. */
export function assertNoSecrets(outputs: Record<string, string>, secrets: Record<string, string[]>): void {
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(outputs)) {
    for (const [what, values] of Object.entries(secrets)) {
      if (values.some((value) => value.length > 0 && text.includes(value))) leaks.push(`${what} in ${where}`);
    }
  }
  assert.deepEqual(leaks, [], `secrets leaked: ${leaks.join('; ')}`);
}
