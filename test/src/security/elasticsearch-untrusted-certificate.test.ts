import { test } from 'node:test';
import { pkiDir, testPkiPaths } from '@logpipe/services';
import { escapeRegExp as escape, refusalSuite, refusedThenFixed } from './refusal-phases.js';

/**
 * A server certificate the transfer cannot verify: without ca_file (only the system's CAs, which
 * never signed the test CA), and with the wrong CA in ca_file. Either is a config to fix: exit 2
 * naming [elasticsearch] ca_file, nothing committed, and all indexed once with the right CA.
 */
const suite = refusalSuite((es) => [es.passwords.logtransfer]);

test('no ca_file: exit 2 naming [elasticsearch] ca_file; nothing committed; all indexed once with the CA', async () => {
  const es = suite.es();
  const fx = await suite.fixture('es-sec-noca');
  const bad = { elasticsearchUrl: es.url, ini: { elasticsearch: es.ini(es.user('logtransfer'), null) } };
  const expected = new RegExp(`\\[elasticsearch\\] ca_file: cannot verify the TLS certificate of Elasticsearch at ${escape(es.url)} \\([^)]*certificate[^)]*\\): set \\[elasticsearch\\] ca_file to the PEM of the CA that signed it`);
  suite.transcripts.push(...(await refusedThenFixed(fx, es, bad, expected, { exits: true })));
});

test('the wrong CA in ca_file: exit 2 naming the file; nothing committed; all indexed once with the right CA', async () => {
  const es = suite.es();
  const fx = await suite.fixture('es-sec-wrongca');
  const wrongCa = testPkiPaths(pkiDir()).stranger.caCert;
  const bad = { elasticsearchUrl: es.url, ini: { elasticsearch: es.ini(es.user('logtransfer'), wrongCa) } };
  const expected = new RegExp(`\\[elasticsearch\\] ca_file = "${escape(wrongCa)}": cannot verify the TLS certificate of Elasticsearch at ${escape(es.url)} \\([^)]*\\): the CA in \\[elasticsearch\\] ca_file \\(${escape(wrongCa)}\\) did not sign it`);
  suite.transcripts.push(...(await refusedThenFixed(fx, es, bad, expected, { exits: true })));
});
