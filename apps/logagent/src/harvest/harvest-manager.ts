import { onceStop, type Logger } from '@logpipe/runtime';
import { FileClaims } from './file-claims.js';
import { TargetInput, type TargetInputOptions } from './target-input.js';
import { sameTarget, type Target } from '@logpipe/targets';

/**
 * Applies the target list from etcd: starts inputs for new targets, stops removed ones, and
 * restarts changed ones. Offsets live in the registry, keyed by file, so a changed target
 * resumes exactly where the old one was acknowledged. Updates are applied one at a time, in the
 * order they arrived.
 */
export class HarvestManager {
  readonly name = 'harvest-manager';
  private readonly inputs = new Map<string, { target: Target; input: TargetInput }>();
  private applying: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly options: TargetInputOptions;

  constructor(
    options: Omit<TargetInputOptions, 'claims'>,
    private readonly logger: Logger,
  ) {
    // One set of claims for every target: a file two targets match is collected once.
    this.options = { ...options, claims: new FileClaims() };
  }

  async start(): Promise<void> {}

  /** Queues a new desired target list; resolves when it is in effect. */
  apply(targets: Target[]): Promise<void> {
    this.applying = this.applying.then(() => this.reconcile(targets)).catch((err: unknown) => {
      this.logger.error('applying targets failed', { err });
    });
    return this.applying;
  }

  readonly stop = onceStop(async () => {
    this.stopped = true;
    await this.applying;
    await Promise.all([...this.inputs.values()].map(({ input }) => input.stop()));
    this.inputs.clear();
  });

  targetCount(): number {
    return this.inputs.size;
  }

  private async reconcile(targets: Target[]): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map(targets.map((t) => [t.id, t]));
    for (const [id, { target, input }] of this.inputs) {
      const next = wanted.get(id);
      if (next && sameTarget(next, target)) continue;
      await input.stop();
      this.inputs.delete(id);
      this.logger.info(next ? 'target changed; restarting it' : 'target removed; stopped', { target: id });
    }
    for (const [id, target] of wanted) {
      if (this.inputs.has(id)) continue;
      const input = new TargetInput(target, this.options);
      this.inputs.set(id, { target, input });
      await input.start();
      this.logger.info('target started', { target: id, path: target.path, topic: target.topic });
    }
    this.options.metrics.targets.set(this.inputs.size);
  }
}
