import { createRequire } from 'node:module';

/** The transfer's version, from its package.json, reported in its etcd status. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
