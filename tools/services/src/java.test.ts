import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidateJdks, chooseJdk, jdkMajor, type Jdk } from './java.js';

/** A folder that looks like a JDK: bin/java and a release file. */
function fakeJdk(root: string, name: string, version: string): string {
  const home = join(root, name);
  mkdirSync(join(home, 'bin'), { recursive: true });
  writeFileSync(join(home, 'bin', 'java'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(home, 'release'), `IMPLEMENTOR="x"\nJAVA_VERSION="${version}"\n`);
  return home;
}

test('the major comes from the release file: 17.0.13 is 17, 25 is 25, 1.8.0_392 is 8', () => {
  const root = mkdtempSync(join(tmpdir(), 'jdks-'));
  assert.equal(jdkMajor(fakeJdk(root, 'a', '17.0.13')), 17);
  assert.equal(jdkMajor(fakeJdk(root, 'b', '25')), 25);
  assert.equal(jdkMajor(fakeJdk(root, 'c', '1.8.0_392')), 8);
  assert.equal(jdkMajor(join(root, 'missing')), undefined);
});

test('JAVA_HOME first, the JVM folder newest first; each JDK once, however it is reached', () => {
  const root = mkdtempSync(join(tmpdir(), 'jvm-'));
  const jdk17 = fakeJdk(root, 'java-17', '17.0.13');
  fakeJdk(root, 'temurin-25', '25.0.1');
  fakeJdk(root, 'java-21', '21.0.5');
  const found = candidateJdks({ JAVA_HOME: jdk17, PATH: '/nonexistent' }, root);
  assert.deepEqual(found.map((j) => `${j.major} ${j.source}`), ['17 JAVA_HOME', `25 ${root}`, `21 ${root}`]);
});

test('the first JDK the server accepts; none: what was found and what to install', () => {
  const jdks: Jdk[] = [
    { home: '/jvm/17', major: 17, source: 'PATH' },
    { home: '/jvm/25', major: 25, source: '/usr/lib/jvm' },
  ];
  assert.equal(chooseJdk('elasticsearch 9.5.0', { min: 21 }, jdks).home, '/jvm/25');
  assert.equal(chooseJdk('elasticsearch 8.19.21', { min: 17, max: 24 }, [...jdks].reverse()).home, '/jvm/17');
  assert.throws(
    () => chooseJdk('opensearch 3.8.0', { min: 21 }, [jdks[0]!]),
    /^ServicesError: opensearch 3\.8\.0 needs Java 21\+; found Java 17 at \/jvm\/17\. Install a JDK 21 \(Debian: apt-get install openjdk-21-jdk-headless\), or set JAVA_HOME to one$/,
  );
});
