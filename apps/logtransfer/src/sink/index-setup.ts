import type { Client } from '@elastic/elasticsearch';
import { wildcardOf } from '@logpipe/schemas';
import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import type { IndexPattern } from '../transform/index-name.js';
import { describeServer, detectSearchServer, ensureComponentTemplate, templateFor, UnsupportedServerError, untestedMajor, type AccessFailure, type FlavourSetting, type SearchServer } from '@logpipe/search';
import { detectFeatures } from './elasticsearch-features.js';
import { installLifecyclePolicy } from './ilm-policy.js';
import { customComponentName, indexTemplateRequest } from './index-template.js';
import { planLifecycle, type LifecyclePlan, type LifecycleProblem, type LifecycleSettings } from './lifecycle-plan.js';

export interface IndexSetupOptions {
  client: Client;
  logger: Logger;
  /** `[elasticsearch] template`: the template's name, and the ILM policy's. */
  template: string;
  /** `[elasticsearch] flavour`. */
  flavour: FlavourSetting;
  /** `[elasticsearch] replicas`. */
  replicas?: string;
  /** `[elasticsearch] nodes`, to name them when they are not a search server. */
  nodes: readonly string[];
  lifecycle: LifecycleSettings;
  /** The index patterns documents may be named by at start. */
  patterns: readonly IndexPattern[];
  /**
   * A setting this cluster cannot honour (`ilm = on` without ILM, …), or a server that is neither
   * Elasticsearch nor OpenSearch: the transfer must exit 2.
   */
  onFatal: (problems: SetupProblem[]) => void;
  /**
   * A refusal in the operator's terms (see describeAccessFailure): at start, bad credentials and
   * an unverifiable certificate are fatal (a config to fix); a 403 is retried, loudly, since a
   * role granted on the server fixes it without a restart.
   */
  describeAccessFailure?: (err: unknown) => AccessFailure | undefined;
  /** The value to show for a non-secret credential key (`username`, `ca_file`) in a fatal problem. */
  credentialValue?: (key: 'username' | 'ca_file') => string | undefined;
  /** How long start() waits for the first attempt, so a fatal setting stops the transfer before it consumes. */
  startWaitMs?: number;
}

/**
 * Prepares Elasticsearch before the first document is indexed: finds out whether the cluster
 * has ILM and data streams, decides what to use (see `planLifecycle`), installs the ILM policy
 * where one is used, then the index template. Retries with backoff while Elasticsearch is
 * unreachable; the transfer still starts and joins its group meanwhile, and batches wait on
 * `ready()`, uncommitted.
 *
 * A route may bring an index pattern the template does not cover yet: `require()` widens the
 * template, and batches wait for that too, so no index is ever created without its mappings.
 */
/** Why the index setup cannot go on: a lifecycle setting, or `nodes` pointing at the wrong server. */
export type SetupProblem = LifecycleProblem | { key: 'nodes' | 'flavour'; value: string; message: string } | { key: CredentialKey; value?: string | undefined; message: string };

type CredentialKey = 'username' | 'password' | 'api_key' | 'ca_file';
/** The INI key of each setting describeAccessFailure names; secrets are never shown as values. */
const CREDENTIAL_KEYS: Record<AccessFailure['setting'], CredentialKey> = { username: 'username', password: 'password', apiKey: 'api_key', caFile: 'ca_file' };

export class IndexSetup implements Service {
  readonly name = 'index-setup';
  private readonly abort = new AbortController();
  /** Wildcards the template must cover; only grows while the process runs. */
  private wanted: string[] = [];
  private current: Promise<void> | undefined;
  private readonly planned: Promise<LifecyclePlan>;
  private server: SearchServer | undefined;
  private resolvePlan!: (plan: LifecyclePlan) => void;
  private rejectPlan!: (err: Error) => void;

  constructor(private readonly options: IndexSetupOptions) {
    this.planned = new Promise((resolve, reject) => {
      this.resolvePlan = resolve;
      this.rejectPlan = reject;
    });
    this.planned.catch(() => undefined);
    this.wanted = coverage([], options.patterns.map((p) => wildcardOf(p.parts)));
  }

  /** What was decided about ILM, data streams and retention, once Elasticsearch answered. */
  get plan(): Promise<LifecyclePlan> {
    return this.planned;
  }

  /**
   * Returns once Elasticsearch answered the first time, or did not (unreachable, or no answer
   * within `startWaitMs`): a setting it cannot honour then ends the transfer before the consumer
   * starts, and an outage does not hold the start up.
   */
  async start(): Promise<void> {
    let answered!: () => void;
    const firstAttempt = new Promise<void>((resolve) => (answered = resolve));
    this.current = this.setUp(answered);
    this.current.catch(() => undefined);
    const timer = new AbortController();
    await Promise.race([this.current.catch(() => undefined), firstAttempt, sleep(this.options.startWaitMs ?? 5000, timer.signal)]);
    timer.abort();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    await this.current?.catch(() => undefined);
  });

  /**
   * Makes the template cover these patterns too, when it does not already; a no-op otherwise.
   * Call it before any document can be named by a new pattern.
   */
  require(patterns: readonly IndexPattern[]): void {
    const wanted = coverage(this.wanted, patterns.map((p) => wildcardOf(p.parts)));
    if (wanted.length === this.wanted.length && wanted.every((w, i) => w === this.wanted[i])) return;
    this.wanted = wanted;
    const previous = this.current ?? Promise.resolve();
    this.current = previous.catch(() => undefined).then(() => this.installTemplateWithRetry());
    this.current.catch(() => undefined);
  }

  /**
   * Resolves once the template covers every pattern required so far; batches wait here. `signal`
   * (the batch's) lets a batch give up at the source's drain timeout. Without it a SIGTERM
   * deadlocks: the source's stop waits for the batch, the batch for this, and this ends only
   * when this service is stopped, which happens after the source.
   */
  ready(signal?: AbortSignal): Promise<void> {
    const done = this.current;
    if (!done) return Promise.reject(new Error('index setup was not started'));
    if (!signal) return done;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new Error('stopped while waiting for the index template to be installed'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void done.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** @param attempted called once the first attempt to ask Elasticsearch failed, or its answer was acted on. */
  private async setUp(attempted: () => void): Promise<void> {
    const found = await this.withRetry('could not ask the search server which it is and what it has; retrying', () => this.detect(), attempted);
    if ('problems' in found) this.fatal(found.problems, attempted);
    const { server, plan } = found;
    this.server = server;
    if ('problems' in plan) this.fatal(plan.problems, attempted);
    attempted();
    this.options.logger.info('index lifecycle decided', { reasons: plan.plan.reasons });
    if (plan.plan.ilm) {
      const { retentionDays, dataStreams } = this.options.lifecycle;
      const what = server.flavour === 'opensearch' ? 'ISM' : 'ILM';
      await this.withRetry(`could not install the ${what} policy; retrying`, () =>
        installLifecyclePolicy(this.options.client, server.flavour, this.options.template, { retentionDays, dataStreams: dataStreams === 'on' }, this.wanted),
      );
      this.options.logger.info(`${what} policy installed`, { policy: this.options.template, retentionDays });
    }
    this.resolvePlan(plan.plan);
    await this.installTemplateWithRetry();
  }

  /** Ends the setup for good: the operator has to change a setting. */
  private fatal(problems: SetupProblem[], attempted: () => void): never {
    const err = new Error(problems.map((p) => `[elasticsearch] ${p.key}${p.value === undefined ? '' : ` = ${p.value}`}: ${p.message}`).join('; '));
    this.rejectPlan(err);
    this.options.onFatal(problems);
    attempted();
    throw err;
  }

  /** Which server answers, then what it has and what to use of it. */
  private async detect(): Promise<{ server: SearchServer; plan: ReturnType<typeof planLifecycle> } | { problems: SetupProblem[] }> {
    let server: SearchServer;
    try {
      server = await detectSearchServer(this.options.client, this.options.flavour);
    } catch (err) {
      const refusal = this.options.describeAccessFailure?.(err);
      if (refusal && refusal.problem !== 'authorization') {
        const key = CREDENTIAL_KEYS[refusal.setting];
        return { problems: [{ key, value: key === 'password' || key === 'api_key' ? '<hidden>' : this.options.credentialValue?.(key), message: refusal.message }] };
      }
      if (!(err instanceof UnsupportedServerError)) throw err;
      return { problems: [{ key: this.options.flavour === 'auto' ? 'nodes' : 'flavour', value: this.options.flavour === 'auto' ? this.options.nodes.join(', ') : this.options.flavour, message: err.message }] };
    }
    this.options.logger.info('search server found', { server: describeServer(server), how: server.detail });
    if (untestedMajor(server)) this.options.logger.warn('this major version is newer than the ones logpipe is tested on; report what fails', { server: describeServer(server) });
    return { server, plan: planLifecycle(this.options.lifecycle, await detectFeatures(this.options.client, server)) };
  }

  private async installTemplateWithRetry(): Promise<void> {
    const plan = await this.planned;
    const flavour = this.server!.flavour;
    const patterns = [...this.wanted];
    const request = indexTemplateRequest({
      name: this.options.template,
      patterns,
      ilmPolicy: plan.ilm ? this.options.template : undefined,
      dataStreams: plan.dataStreams,
      ...(this.options.replicas !== undefined ? { replicas: this.options.replicas } : {}),
    });
    await this.withRetry('could not install the index template; retrying', async () => {
      await ensureComponentTemplate(this.options.client, flavour, customComponentName(this.options.template));
      await this.options.client.indices.putIndexTemplate(templateFor(flavour, request));
    });
    this.options.logger.info('index template installed', { template: this.options.template, patterns });
  }

  private async withRetry<T>(failure: string, attempt: () => Promise<T>, onFailure?: () => void): Promise<T> {
    const backoff = new Backoff({ initialMs: 500, maxMs: 30_000 });
    for (;;) {
      try {
        return await attempt();
      } catch (err) {
        onFailure?.();
        if (this.abort.signal.aborted) throw new Error('stopped before the index setup was done');
        const delay = backoff.next();
        const refusal = this.options.describeAccessFailure?.(err);
        if (refusal) this.options.logger.error(`${failure}: ${refusal.message}`, { retryInMs: delay });
        else this.options.logger.warn(failure, { err, retryInMs: delay });
        await sleep(delay, this.abort.signal);
      }
    }
  }
}

/**
 * The wildcards a template needs for `have` plus `add`, leaving out any that another one already
 * covers (`logs-nginx-*` under `logs-*-*`), sorted, so equal sets compare equal.
 */
export function coverage(have: readonly string[], add: readonly string[]): string[] {
  const all = [...new Set([...have, ...add])].sort();
  return all.filter((w) => !all.some((other) => other !== w && covers(other, w)));
}

/**
 * Whether every name `narrow` matches is matched by `wide`. Index names cannot hold `*`, so
 * matching `narrow` as literal text against `wide` answers it: each `*` of `narrow` falls inside
 * a `*` of `wide`.
 */
export function covers(wide: string, narrow: string): boolean {
  const regex = new RegExp(`^${wide.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(narrow);
}
