// A ceiling rather than a peer: kcat (librdkafka) sends each line as it is, with no event
// envelope and no file tracking, so it shows how fast this Kafka takes these lines at all.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startChild } from '../lib/child.mjs';

export const kcat = {
  name: 'kcat',
  describe: 'kcat -P -l (librdkafka): raw line per message, same codec, idempotent (acks=all); no envelope',

  async unavailable() {
    try {
      await promisify(execFile)('kcat', ['-V']);
      return undefined;
    } catch {
      return 'kcat not found (apt-get install kcat)';
    }
  },

  async start({ file, topic, servers, compression }) {
    const startedAt = Date.now();
    const child = startChild('kcat', [
      '-P', '-b', servers.kafkaBrokers.join(','), '-t', topic, '-k', 'bench', '-l', file,
      '-X', `compression.codec=${compression}`, '-X', 'enable.idempotence=true',
    ]);
    return { startedAt, pid: child.pid, stop: () => child.stop() };
  },
};
