import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiKeyId, describeAccessFailure, SearchAccessError } from './access-failure.js';

const nodes = ['https://es-1:9200'];
const refused = (statusCode: number, reason: string) => Object.assign(new Error('ResponseError'), { meta: { statusCode, body: { error: { type: 'security_exception', reason } } } });

test('a 401 for a user names the server, the user and the password key, never the password', () => {
  const failure = describeAccessFailure(refused(401, 'unable to authenticate user [lt]'), { nodes, credentials: { username: 'lt' } });
  assert.equal(failure?.setting, 'password');
  assert.match(failure!.message, /^Elasticsearch at https:\/\/es-1:9200 refused the password of user "lt" \(401: unable to authenticate user \[lt\]\): fix \[elasticsearch\] password/);
});

test('an API key is named by its id, never by its secret half', () => {
  const key = Buffer.from('key-id-1:s3cret-half').toString('base64');
  assert.equal(apiKeyId(key), 'key-id-1');
  const failure = describeAccessFailure(new SearchAccessError(401, 'unable to authenticate with provided credentials'), { nodes, credentials: { api_key: key } });
  assert.equal(failure?.setting, 'apiKey');
  assert.match(failure!.message, /API key id "key-id-1"/);
  assert.ok(!failure!.message.includes('s3cret-half') && !failure!.message.includes(key));
});

test('a 403 says what was denied and which setting picks another principal; other errors are not access failures', () => {
  const failure = describeAccessFailure(refused(403, 'action [indices:data/write/bulk] is unauthorized for user [lt]'), { nodes, credentials: { username: 'lt' } });
  assert.equal(failure?.problem, 'authorization');
  assert.match(failure!.message, /denied user "lt" \(403: action \[indices:data\/write\/bulk\] is unauthorized/);
  assert.match(failure!.message, /set \[elasticsearch\] username and \[elasticsearch\] password to a user that has them/);
  assert.equal(describeAccessFailure(new Error('connect ECONNREFUSED 127.0.0.1:9200'), { nodes, credentials: {} }), undefined);
  assert.equal(describeAccessFailure(refused(429, 'too many requests'), { nodes, credentials: {} }), undefined);
});

test('an unverifiable certificate names ca_file, and says when the configured CA is the wrong one', () => {
  const tls = new Error('self-signed certificate in certificate chain');
  assert.match(describeAccessFailure(tls, { nodes, credentials: {} })!.message, /set \[elasticsearch\] ca_file to the PEM of the CA that signed it/);
  assert.match(describeAccessFailure(tls, { nodes, credentials: { ca_file: '/etc/ca.pem' } })!.message, /the CA in \[elasticsearch\] ca_file \(\/etc\/ca\.pem\) did not sign it/);
});
