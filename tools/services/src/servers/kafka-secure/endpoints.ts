import { serverDir } from '../../paths.js';
import { testPkiPaths, pkiDir, type TestPki } from '../../pki/test-pki.js';
import type { Settings } from '../../settings.js';
import { readSettings } from '../../settings.js';
import { readPasswords, type ScramPasswords } from './users.js';

export const kafkaSecureDirName = (settings: Settings): string => `kafka-secure-${settings.selection.kafka.version}`;

/** How clients reach the secured broker, and the credentials the harness made for them. */
export interface KafkaSecureEndpoints {
  /** SASL_SSL with SCRAM-SHA-512. */
  saslBrokers: string[];
  /** SSL with a required client certificate. */
  mtlsBrokers: string[];
  /** Read from the broker's folder: only there once `up kafka-secure` formatted it. */
  passwords(): ScramPasswords;
  pki: TestPki;
}

export function kafkaSecureEndpoints(env: NodeJS.ProcessEnv = process.env): KafkaSecureEndpoints {
  const settings = readSettings(env);
  const dir = serverDir(kafkaSecureDirName(settings), env);
  return {
    saslBrokers: [`127.0.0.1:${settings.ports.kafkaSecureSasl}`],
    mtlsBrokers: [`127.0.0.1:${settings.ports.kafkaSecureMtls}`],
    passwords: () => readPasswords(dir),
    pki: testPkiPaths(pkiDir(env)),
  };
}
