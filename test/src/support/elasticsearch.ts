import type { Client } from '@elastic/elasticsearch';
import { createSearchClient } from '@logpipe/search';
import { endpoints } from '@logpipe/services';

export function elasticsearchClient(): Client {
  return createSearchClient({ node: endpoints().elasticsearchUrl });
}

/** Refreshes, then counts: a count without a refresh misses what was indexed in the last second. */
export async function countDocuments(client: Client, index: string): Promise<number> {
  try {
    await client.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
    const { count } = await client.count({ index, ignore_unavailable: true, allow_no_indices: true });
    return count;
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return 0;
    throw err;
  }
}

/** Every document of the indices in `sort` order (event.id breaks ties), paged with search_after. */
export async function allDocuments<T = Record<string, unknown>>(client: Client, index: string, sort: string[] = ['log.offset']): Promise<T[]> {
  await client.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const documents: T[] = [];
  let after: unknown[] | undefined;
  for (;;) {
    const page = await client.search<T>({
      index,
      size: 5000,
      sort: [...sort, 'event.id'].map((field) => ({ [field]: 'asc' as const })),
      ...(after ? { search_after: after as (string | number)[] } : {}),
    });
    for (const hit of page.hits.hits) documents.push(hit._source as T);
    if (page.hits.hits.length < 5000) return documents;
    after = page.hits.hits[page.hits.hits.length - 1]!.sort as unknown[];
  }
}
