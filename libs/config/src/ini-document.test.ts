import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readIni, type IniDocument } from './ini-document.js';

/** Sections as plain objects of raw values, so assertions show the whole picture. */
function plain(doc: IniDocument): { sections: Record<string, Record<string, unknown>>; outside: Record<string, unknown> } {
  const values = (entries: IniDocument['outside']): Record<string, unknown> =>
    Object.fromEntries([...entries].map(([key, entry]) => [key, entry.value]));
  return {
    sections: Object.fromEntries([...doc.sections].map(([name, entries]) => [name, values(entries)])),
    outside: values(doc.outside),
  };
}

test('CRLF line endings and a UTF-8 byte-order mark read like plain LF text', () => {
  const doc = readIni('\uFEFF[kafka]\r\nbrokers = a:1,b:2\r\nacks=all\r\n');
  assert.deepEqual(plain(doc), { sections: { kafka: { brokers: 'a:1,b:2', acks: 'all' } }, outside: {} });
});

test('; and # start comments, on their own line and after an unquoted value', () => {
  const doc = readIni('; top\n# top\n[s]\n  ; indented\na = 1 ; trailing\nb = x#y\nc = "quoted ; kept # too"\nd = escaped \\; kept\n');
  assert.deepEqual(plain(doc).sections, { s: { a: '1', b: 'x', c: 'quoted ; kept # too', d: 'escaped ; kept' } });
});

test('values keep "=" and inner quotes; fully double-quoted values are JSON strings', () => {
  const doc = readIni('[s]\nurl = http://h/?a=b&c=d\nsay = he said "hi"\nq = "  padded \\"x\\"  "\nopen = "unbalanced\nempty = ""\nnone =\n');
  assert.deepEqual(plain(doc).sections.s, {
    url: 'http://h/?a=b&c=d',
    say: 'he said "hi"',
    q: '  padded "x"  ',
    open: '"unbalanced',
    empty: '',
    none: '',
  });
});

test('single-quoted values go through JSON.parse in ini; they come back as text', () => {
  const doc = readIni("[s]\nn = '0123'\nm = '1e3'\nplain = 'abc'\n");
  // '1e3' was the number 1000 inside ini; the schema, not ini, decides types.
  assert.deepEqual(plain(doc).sections.s, { n: '0123', m: '1000', plain: 'abc' });
});

test('bare keys and true/false/null come back as text, flagged when ini read true', () => {
  const doc = readIni('[s]\nbare\nt = true\nf = false\nz = null\n');
  assert.deepEqual(plain(doc).sections.s, { bare: 'true', t: 'true', f: 'false', z: 'null' });
  assert.equal(doc.sections.get('s')?.get('bare')?.readAsTrue, true);
  assert.equal(doc.sections.get('s')?.get('f')?.readAsTrue, false);
});

test('key[] lines make lists; a repeated plain key keeps the last value; repeated headers merge', () => {
  const doc = readIni('[s]\npaths[] = /a\npaths[] = /b, /c\npaths = /d\nrepeat = 1\nrepeat = 2\n[s]\nlater = x\n');
  assert.deepEqual(plain(doc).sections.s, { paths: ['/a', '/b, /c', '/d'], repeat: '2', later: 'x' });
});

test('dotted sections are flattened back to their dotted names', () => {
  const doc = readIni('[kafka]\nbrokers = a:1\n[kafka.tls]\nca = /ca.pem\n[a.b.c]\nd = 1\n[esc\\.aped]\ne = 2\n');
  assert.deepEqual(plain(doc).sections, {
    kafka: { brokers: 'a:1' },
    'kafka.tls': { ca: '/ca.pem' },
    'a.b.c': { d: '1' },
    'esc.aped': { e: '2' },
  });
});

test('a parent made up by ini to hold a dotted section is not a section of its own', () => {
  assert.deepEqual([...readIni('[kafka.tls]\nca = x\n').sections.keys()], ['kafka.tls']);
  assert.deepEqual([...readIni('[empty]\n').sections.keys()], ['empty']);
});

test('keys before the first header and a header followed by a comment land outside sections', () => {
  const doc = readIni('early = 1\n[kafka] ; main cluster\nbrokers = a:1\n');
  assert.deepEqual(plain(doc), { sections: {}, outside: { early: '1', '[kafka]': 'true', brokers: 'a:1' } });
});

test('an empty file has no sections', () => {
  assert.deepEqual(plain(readIni('')), { sections: {}, outside: {} });
  assert.deepEqual(plain(readIni('\uFEFF\r\n; nothing\r\n')), { sections: {}, outside: {} });
});

test('quotes that ini could not honour are flagged: a comment after them, or a bad escape inside', () => {
  const text = '[s]\nid = "web-1 ; edge" ; note\nok = "web-1 ; edge"\nsay = he said "hi"\nlist[] = \'a # b\' # note\nre = "^\\d+$"\nre2 = "^\\\\d+$"\n';
  const doc = readIni(text);
  assert.deepEqual(plain(doc).sections.s, { id: '"web-1', ok: 'web-1 ; edge', say: 'he said "hi"', list: ["'a"], re: '"^\\d+$"', re2: '^\\d+$' });
  const flagged = [...(doc.sections.get('s') ?? [])].map(([key, entry]) => [key, entry.quoteProblem?.slice(0, 20)]);
  assert.deepEqual(flagged, [
    ['id', 'starts with a quote '],
    ['ok', undefined],
    ['say', undefined],
    ['list', 'starts with a quote '],
    ['re', 'is in double quotes '],
    ['re2', undefined],
  ]);
});
