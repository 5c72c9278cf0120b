import { SEARCH_RELEASES, searchName, type SearchRelease } from '../../releases.js';
import type { Settings } from '../../settings.js';

/**
 * The Elasticsearch the secured node runs: the selected one when LOGPIPE_SEARCH names an
 * Elasticsearch, else the newest. OpenSearch's integ-test zip has no security plugin.
 */
export function secureRelease(settings: Settings): SearchRelease {
  const selected = settings.selection.search;
  return selected.engine === 'elasticsearch' ? selected : SEARCH_RELEASES.find((r) => r.engine === 'elasticsearch')!;
}

/** `elasticsearch-secure-9.5.0`: its folder under the run dir. */
export const secureDirName = (settings: Settings): string => searchName(secureRelease(settings)).replace(/^elasticsearch-/, 'elasticsearch-secure-');
