/**
 * GET a URL and parse its JSON body; undefined on any failure (refused, timeout, non-2xx, not
 * JSON), because a health probe only asks "ready yet?".
 */
export async function getJson(url: string, timeoutMs = 2000): Promise<unknown> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    return await response.json();
  } catch {
    return undefined;
  }
}

/** True when the URL answers 2xx. */
export async function answersOk(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
