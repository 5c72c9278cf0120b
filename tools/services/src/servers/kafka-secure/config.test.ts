import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BROKER_PRINCIPAL, secureServerProperties } from './config.js';
import { addScramArgs } from './users.js';
import { parseProperties as parse } from '../kafka/properties-text.js';

const props = parse(secureServerProperties({ kafkaSecureSasl: 29443, kafkaSecureMtls: 29444, kafkaSecureController: 29445 }, '/run/data', { keystore: '/run/ks.pem', truststore: '/run/ca.crt' }));

test('every listener is secured: SCRAM over TLS, mutual TLS, and the controller on TLS', () => {
  assert.equal(props.get('listeners'), 'SCRAM://127.0.0.1:29443,MTLS://127.0.0.1:29444,CONTROLLER://127.0.0.1:29445');
  assert.equal(props.get('listener.security.protocol.map'), 'SCRAM:SASL_SSL,MTLS:SSL,CONTROLLER:SSL');
  assert.equal(props.get('ssl.client.auth'), 'required');
  // Password clients have no certificate to show.
  assert.equal(props.get('listener.name.scram.ssl.client.auth'), 'none');
  assert.equal(props.get('listener.name.scram.sasl.enabled.mechanisms'), 'SCRAM-SHA-512');
  assert.equal(props.get('ssl.keystore.type'), 'PEM');
  assert.equal(props.get('ssl.truststore.location'), '/run/ca.crt');
});

test('ACLs decide: no ACL means no access, and only the broker and the operator are super users', () => {
  assert.equal(props.get('authorizer.class.name'), 'org.apache.kafka.metadata.authorizer.StandardAuthorizer');
  assert.equal(props.get('allow.everyone.if.no.acl.found'), 'false');
  assert.equal(props.get('super.users'), `${BROKER_PRINCIPAL};User:admin`);
  assert.match(props.get('ssl.principal.mapping.rules')!, /^RULE:\^CN=/);
});

test('SCRAM users are added at format time, one argument per user', () => {
  assert.deepEqual(addScramArgs({ admin: 'a1', logagent: 'b2', logtransfer: 'c3' }), [
    '--add-scram', 'SCRAM-SHA-512=[name=admin,password=a1]',
    '--add-scram', 'SCRAM-SHA-512=[name=logagent,password=b2]',
    '--add-scram', 'SCRAM-SHA-512=[name=logtransfer,password=c3]',
  ]);
});
