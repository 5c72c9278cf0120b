import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpoints } from './endpoints.js';
import { ServicesError } from './errors.js';
import { readPorts } from './ports.js';
import { parseHeap, readSettings } from './settings.js';

test('without overrides every port has its well-known default', () => {
  const { ports, problems } = readPorts({});
  assert.deepEqual(problems, []);
  assert.deepEqual(ports, {
    kafka: 9092,
    kafkaController: 9093,
    kafkaFaultListener: 9094,
    kafkaFaultProxy: 9095,
    elasticsearch: 9200,
    elasticsearchTransport: 9300,
    etcd: 2379,
    etcdPeer: 2380,
    etcdSecure: 12379,
    etcdSecurePeer: 12380,
    prometheus: 9090,
    kafkaCluster1: 19192,
    kafkaCluster1Controller: 19193,
    kafkaCluster2: 19292,
    kafkaCluster2Controller: 19293,
    kafkaCluster3: 19392,
    kafkaCluster3Controller: 19393,
    elasticsearchCluster1: 19201,
    elasticsearchCluster1Transport: 19301,
    elasticsearchCluster2: 19202,
    elasticsearchCluster2Transport: 19302,
    kafkaSecureSasl: 19443,
    kafkaSecureMtls: 19444,
    kafkaSecureController: 19445,
    elasticsearchSecure: 19250,
    elasticsearchSecureTransport: 19350,
  });
});

test('each LOGPIPE_*_PORT variable moves its own port', () => {
  const { ports } = readPorts({
    LOGPIPE_KAFKA_PORT: '19092',
    LOGPIPE_KAFKA_CONTROLLER_PORT: '19093',
    LOGPIPE_KAFKA_FAULT_LISTENER_PORT: '19094',
    LOGPIPE_KAFKA_FAULT_PROXY_PORT: '19095',
    LOGPIPE_ES_PORT: '19200',
    LOGPIPE_ES_TRANSPORT_PORT: '19300',
    LOGPIPE_ETCD_PORT: '12379',
    LOGPIPE_ETCD_PEER_PORT: '12380',
    LOGPIPE_ETCD_SECURE_PORT: '22379',
    LOGPIPE_ETCD_SECURE_PEER_PORT: '22380',
    LOGPIPE_PROMETHEUS_PORT: '19090',
    LOGPIPE_KAFKA_CLUSTER_1_PORT: '29192',
    LOGPIPE_KAFKA_CLUSTER_1_CONTROLLER_PORT: '29193',
    LOGPIPE_KAFKA_CLUSTER_2_PORT: '29292',
    LOGPIPE_KAFKA_CLUSTER_2_CONTROLLER_PORT: '29293',
    LOGPIPE_KAFKA_CLUSTER_3_PORT: '29392',
    LOGPIPE_KAFKA_CLUSTER_3_CONTROLLER_PORT: '29393',
    LOGPIPE_ES_CLUSTER_1_PORT: '29201',
    LOGPIPE_ES_CLUSTER_1_TRANSPORT_PORT: '29301',
    LOGPIPE_ES_CLUSTER_2_PORT: '29202',
    LOGPIPE_ES_CLUSTER_2_TRANSPORT_PORT: '29302',
    LOGPIPE_KAFKA_SECURE_SASL_PORT: '29443',
    LOGPIPE_KAFKA_SECURE_MTLS_PORT: '29444',
    LOGPIPE_KAFKA_SECURE_CONTROLLER_PORT: '29445',
    LOGPIPE_ES_SECURE_PORT: '29250',
    LOGPIPE_ES_SECURE_TRANSPORT_PORT: '29350',
  });
  assert.deepEqual(Object.values(ports), [19092, 19093, 19094, 19095, 19200, 19300, 12379, 12380, 22379, 22380, 19090, 29192, 29193, 29292, 29293, 29392, 29393, 29201, 29301, 29202, 29302, 29443, 29444, 29445, 29250, 29350]);
});

test('an empty variable means the default, as in shell ${VAR:-default}', () => {
  assert.equal(readPorts({ LOGPIPE_ES_PORT: '' }).ports.elasticsearch, 9200);
});

test('every bad value is reported at once, naming the variable and the valid range', () => {
  const env = { LOGPIPE_KAFKA_PORT: 'kafka', LOGPIPE_ES_PORT: '70000', LOGPIPE_ETCD_PORT: '0', LOGPIPE_PROMETHEUS_PORT: '90.5' };
  const { problems } = readPorts(env);
  assert.equal(problems.length, 4);
  for (const variable of Object.keys(env)) assert.ok(problems.some((p) => p.startsWith(`${variable}=`) && p.includes('1 to 65535')), variable);
});

test('two servers on one port is an error naming both variables', () => {
  const { problems } = readPorts({ LOGPIPE_ETCD_PORT: '9090' });
  assert.deepEqual(problems, ['LOGPIPE_ETCD_PORT and LOGPIPE_PROMETHEUS_PORT both resolve to port 9090: give each its own port']);
});

test('readSettings throws one ServicesError listing port and heap problems together', () => {
  assert.throws(
    () => readSettings({ LOGPIPE_KAFKA_PORT: 'x', LOGPIPE_ES_HEAP: '4g' }),
    (err: unknown) => err instanceof ServicesError && /LOGPIPE_KAFKA_PORT="x"/.test(err.message) && /LOGPIPE_ES_HEAP="4g"/.test(err.message),
  );
});

test('the Elasticsearch heap defaults to 512m and accepts up to 1g', () => {
  assert.equal(parseHeap(undefined), '512m');
  assert.equal(parseHeap('768m'), '768m');
  assert.equal(parseHeap('1g'), '1024m');
  assert.equal(parseHeap('1G'), '1024m');
});

test('the Elasticsearch heap rejects more than 1 GiB, too little, and other units', () => {
  for (const bad of ['2g', '1025m', '128m', '512', '512k', 'lots']) {
    const result = parseHeap(bad);
    assert.equal(typeof result, 'object', bad);
    assert.match((result as { problem: string }).problem, /from 256m to 1g/);
  }
});

test('endpoints() follows the port overrides', () => {
  assert.deepEqual(endpoints({ LOGPIPE_KAFKA_PORT: '19092', LOGPIPE_KAFKA_FAULT_PROXY_PORT: '19095', LOGPIPE_ES_PORT: '19200', LOGPIPE_ETCD_PORT: '32379', LOGPIPE_PROMETHEUS_PORT: '19090' }), {
    kafkaBrokers: ['127.0.0.1:19092'],
    kafkaClusterBrokers: ['127.0.0.1:19192', '127.0.0.1:19292', '127.0.0.1:19392'],
    searchClusterUrls: ['http://127.0.0.1:19201', 'http://127.0.0.1:19202'],
    elasticsearchUrl: 'http://127.0.0.1:19200',
    etcdEndpoints: ['http://127.0.0.1:32379'],
    prometheusUrl: 'http://127.0.0.1:19090',
    kafkaFault: { proxyPort: 19095, listenerPort: 9094 },
  });
});
