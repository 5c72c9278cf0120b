import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { endpoints } from '@logpipe/services';
import { uniqueNames } from './unique-names.js';

/**
 * What every app test starts from: names no other test uses, the servers' endpoints, a temp dir
 * with an empty `logs/` folder for the files an agent follows, and an etcd client.
 */
export async function testWorkspace(label: string) {
  const names = uniqueNames(label);
  const servers = endpoints();
  const dir = await mkdtemp(join(tmpdir(), `logpipe-${label}-`));
  const logDir = join(dir, 'logs');
  await mkdir(logDir);
  return { names, servers, dir, logDir, etcd: new Etcd3({ hosts: servers.etcdEndpoints }) };
}
