import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../cli/errors.js';
import { Settings } from './settings.js';

const refused = (run: () => unknown, message: RegExp) => assert.throws(run, (err: unknown) => err instanceof UsageError && message.test(err.message));

test('server flags are checked like the apps check their INI keys, each bad item named with why', () => {
  refused(() => new Settings({ brokers: 'k:9092,k:0,http://k:9092' }, {}).kafka(), /^--brokers "k:9092,k:0,http:\/\/k:9092": must be addresses host:port.*not valid: "k:0" \(port 0 is out of range\), "http:\/\/k:9092" \(no scheme here: write k:9092\)$/);
  refused(() => new Settings({ es: 'es:9200' }, {}).elasticsearch(), /^--es "es:9200": must be http:\/\/ or https:\/\/ URLs.*"es:9200" \(the scheme is missing: write http:\/\/es:9200\)$/);
  refused(() => new Settings({ etcd: 'ftp://e:21' }, {}).etcd(), /^--etcd "ftp:\/\/e:21": .*the scheme ftp:\/\/ is not http or https/);
});

test('the variables are checked the same way, and set but empty is refused rather than read as the default', () => {
  refused(() => new Settings({}, { LOGCTL_KAFKA_BROKERS: ' , ' }).kafka(), /^LOGCTL_KAFKA_BROKERS is empty: give addresses host:port/);
  refused(() => new Settings({}, { LOGCTL_ELASTICSEARCH_NODES: 'https://u:p@es:9200' }).elasticsearch(), /user or password: set them with the username and password keys/);
  refused(() => new Settings({}, { LOGCTL_ETCD_ENDPOINTS: '' }).etcd(), /^LOGCTL_ETCD_ENDPOINTS is empty/);
});

test('good values pass through, the flag before the variable', () => {
  assert.deepEqual(new Settings({ brokers: 'a:1, [::1]:9092' }, { LOGCTL_KAFKA_BROKERS: 'x' }).kafka().connection.brokers, ['a:1', '[::1]:9092']);
  assert.deepEqual(new Settings({}, { LOGCTL_ELASTICSEARCH_NODES: 'https://es-1:9200,https://es-2:9200' }).elasticsearch().nodes, ['https://es-1:9200', 'https://es-2:9200']);
  assert.equal(new Settings({}, {}).etcd().source, 'the default');
});
