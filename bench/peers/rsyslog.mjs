// The reference the agent is held to: rsyslog reading the file with imfile and producing with
// omkafka (librdkafka), from Debian's `rsyslog` and `rsyslog-kafka` packages. Its template
// writes a JSON event with the same kind of fields the agent writes, with the same guarantees
// asked of Kafka (gzip, idempotent producer, so acks=all), and one fixed key, as the agent uses
// one key per file. The clock starts when rsyslogd is spawned (it starts in milliseconds).
import { access, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startChild } from '../lib/child.mjs';

const TEMPLATE =
  '{"@timestamp":"%timegenerated:::date-rfc3339%","message":"%msg:::json%",' +
  '"event":{"id":"bench-%$!metadata!fileoffset%"},"log":{"offset":%$!metadata!fileoffset%,"file":{"path":"%$!metadata!filename:::json%"}},' +
  '"host":{"name":"%hostname:::json%"},"agent":{"type":"rsyslog"}}';

export const rsyslog = {
  name: 'rsyslog',
  describe: 'rsyslog imfile -> omkafka (librdkafka): JSON event per line, same codec, idempotent (acks=all)',

  async unavailable() {
    try {
      await promisify(execFile)('rsyslogd', ['-v']);
    } catch {
      return 'rsyslogd not found (apt-get install rsyslog rsyslog-kafka)';
    }
    for (const dir of await readdir('/usr/lib')) {
      if (await access(`/usr/lib/${dir}/rsyslog/omkafka.so`).then(() => true, () => false)) return undefined;
    }
    return 'omkafka not found (apt-get install rsyslog-kafka)';
  },

  async start({ file, topic, dir, servers, compression }) {
    const work = join(dir, 'work');
    await mkdir(work, { recursive: true });
    const config = join(dir, 'rsyslog.conf');
    const quoted = (text) => JSON.stringify(text);
    await writeFile(config, [
      `global(workDirectory=${quoted(work)})`,
      'module(load="imfile")',
      'module(load="omkafka")',
      `template(name="event" type="string" string=${quoted(TEMPLATE)})`,
      `input(type="imfile" file=${quoted(file)} tag="bench" addMetadata="on" freshStartTail="off" ruleset="kafka")`,
      'ruleset(name="kafka") {',
      `  action(type="omkafka" broker=[${servers.kafkaBrokers.map(quoted).join(',')}] topic=${quoted(topic)} key="bench" template="event"`,
      // Without resubmitOnFailure, omkafka drops a line when librdkafka's queue is full, which
      // it is while reading a backlog ("Local: Queue full"): 4 to 33 of 300,000 lines were lost
      // in trials. The comparison is between lossless shippers.
      `         resubmitOnFailure="on" confParam=["compression.codec=${compression}", "enable.idempotence=true"])`,
      '}',
    ].join('\n') + '\n');
    await access(file);
    const startedAt = Date.now();
    const child = startChild('rsyslogd', ['-n', '-f', config, '-i', join(dir, 'rsyslogd.pid')]);
    return { startedAt, pid: child.pid, stop: () => child.stop(), log: () => child.stderr };
  },
};
