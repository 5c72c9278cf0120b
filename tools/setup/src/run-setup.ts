import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createSearchClient, describeServer, detectSearchServer } from '@logpipe/search';
import type { ConfigOf } from '@logpipe/config';
import { createKafka, kafkaConnectionFrom } from '@logpipe/kafka';
import type { Logger } from '@logpipe/runtime';
import { Etcd3 } from 'etcd3';
import { etcdOptions } from '@logpipe/schemas';
import { elasticsearchOptions } from '@logpipe/logtransfer/dist/config/elasticsearch-options.js';
import type { setupSchema } from './config/schema.js';
import { seedTargets, validateSeeds, type TargetSeeds } from './steps/etcd-targets.js';
import { ensureIlmPolicy, ensureIlmTemplate, hasIlm } from './steps/ilm-policy.js';
import { ensureIsmPolicy, hasIsm } from './steps/ism-policy.js';
import { ensureIndexTemplate, transferTemplateRequest } from './steps/index-template.js';
import { ensureAcls } from './steps/kafka-acls.js';
import { ensureTopics } from './steps/kafka-topics.js';
import { ensureKibanaSystemPassword } from './steps/kibana-system-user.js';
import { ensureSavedObjects, readSavedObjects, waitForKibana } from './steps/kibana-saved-objects.js';
import type { StepResult } from './steps/step-result.js';

export type SetupConfig = ConfigOf<typeof setupSchema>;

/**
 * Brings the servers to the state the stack needs, in dependency order, and returns what each
 * step did. Every step first looks at what is there and changes only what differs, so running
 * setup again reports nothing but `unchanged` (or `skipped`). Files are read and checked before
 * anything is changed.
 */
export async function runSetup(config: SetupConfig, configPath: string, logger: Logger): Promise<StepResult[]> {
  const relative = (path: string) => resolve(dirname(configPath), path);
  const savedObjects = config.kibana ? await readSavedObjects(relative(config.kibana.saved_objects)) : undefined;
  const seeds = config.etcd
    ? validateSeeds(JSON.parse(await readFile(relative(config.etcd.targets), 'utf8')) as TargetSeeds, config.etcd.allowed_paths, relative(config.etcd.targets))
    : undefined;

  const results: StepResult[] = [];
  const record = (step: StepResult | StepResult[]) => {
    for (const result of [step].flat()) {
      results.push(result);
      logger.info('setup step', { ...result });
    }
  };

  const es = createSearchClient({ ...elasticsearchOptions(config.elasticsearch), maxRetries: 3 });
  try {
    const server = await detectSearchServer(es, config.elasticsearch.flavour);
    logger.info('search server found', { server: describeServer(server), how: server.detail });
    const openSearch = server.flavour === 'opensearch';
    if (config.elasticsearch.kibana_system_password) {
      record(
        openSearch
          ? { subject: 'elasticsearch user kibana_system', outcome: 'skipped', detail: `${describeServer(server)} has no kibana_system user; remove kibana_system_password` }
          : await ensureKibanaSystemPassword(es, config.elasticsearch.kibana_system_password),
      );
    }
    const template = await transferTemplateRequest(config.elasticsearch.index);
    record(await ensureIndexTemplate(es, template, server.flavour));
    const lifecycle = config.elasticsearch.ilm === 'off' ? { available: false, detail: '[elasticsearch] ilm = off' } : openSearch ? await hasIsm(es) : await hasIlm(es);
    const policy = config.elasticsearch.ilm_policy;
    if (lifecycle.available && openSearch) {
      record(await ensureIsmPolicy(es, policy, config.elasticsearch.retention, [template.index_patterns ?? []].flat()));
    } else if (lifecycle.available) {
      record(await ensureIlmPolicy(es, policy, config.elasticsearch.retention));
      record(await ensureIlmTemplate(es, template.name, policy));
    } else {
      record({ subject: `elasticsearch ${openSearch ? 'ISM' : 'ILM'} policy ${policy}`, outcome: 'skipped', detail: lifecycle.detail });
    }

    if (config.kafka.topics.length > 0) {
      const admin = createKafka(kafkaConnectionFrom(config.kafka)).admin();
      try {
        record(await ensureTopics(admin, { topics: config.kafka.topics, dlqSuffix: config.kafka.dlq_suffix, partitions: config.kafka.partitions, replication: config.kafka.replication }));
        const acls = { topics: config.kafka.topics, dlqSuffix: config.kafka.dlq_suffix, agentPrincipal: config.kafka.agent_principal, transferPrincipal: config.kafka.transfer_principal, transferGroup: config.kafka.transfer_group };
        if (acls.agentPrincipal || acls.transferPrincipal) record(await ensureAcls(admin, acls));
      } finally {
        await admin.close();
      }
    }

    if (config.etcd && seeds) {
      const etcd = new Etcd3(etcdOptions(config.etcd));
      try {
        record(await seedTargets(etcd, config.etcd.prefix, seeds));
      } finally {
        etcd.close();
      }
    }

    if (config.kibana && savedObjects) {
      const kibana = {
        url: config.kibana.url,
        username: config.kibana.username ?? config.elasticsearch.username,
        password: config.kibana.password ?? config.elasticsearch.password,
      };
      logger.info('waiting for Kibana', { url: kibana.url, timeoutMs: config.kibana.wait });
      await waitForKibana(kibana, config.kibana.wait);
      record(await ensureSavedObjects(kibana, es, config.elasticsearch.state_index, savedObjects));
    }
  } finally {
    await es.close();
  }
  return results;
}
