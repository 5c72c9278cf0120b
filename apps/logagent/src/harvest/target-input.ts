import { open, stat } from 'node:fs/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import { fileKey, FileEventEncoder } from '@logpipe/event';
import { onceStop, type Logger } from '@logpipe/runtime';
import { FileHarvester } from './file-harvester.js';
import { fingerprintOf } from './fingerprint.js';
import type { AgentIdentity } from '../agent-identity.js';
import type { AgentMetrics } from '../agent-metrics.js';
import type { KafkaShipper } from '../ship/kafka-shipper.js';
import type { Registry, RegistryEntry } from '../registry/registry.js';
import type { Target } from '../targets/target.js';

export interface TargetInputOptions {
  identity: AgentIdentity;
  shipper: KafkaShipper;
  registry: Registry;
  metrics: AgentMetrics;
  logger: Logger;
  scanIntervalMs: number;
  pollIntervalMs: number;
  closeRemovedAfterMs: number;
}

/**
 * One target's scanner: every scan interval it resolves the path or glob, and starts a
 * harvester for each file (device+inode) it does not follow yet. Files known to the registry
 * resume at their acknowledged offset; new files start at the target's `start` on the first
 * scan and at 0 afterwards, because a file created later is new data from its first byte.
 */
export class TargetInput {
  private readonly harvesters = new Map<string, FileHarvester>();
  private timer: NodeJS.Timeout | undefined;
  private firstScan = true;
  private scanning: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private target: Target,
    private readonly options: TargetInputOptions,
  ) {}

  get id(): string {
    return this.target.id;
  }

  async start(): Promise<void> {
    await this.scan();
    this.timer = setInterval(() => void this.scan(), this.options.scanIntervalMs);
  }

  readonly stop = onceStop(async () => {
    this.stopped = true;
    clearInterval(this.timer);
    await this.scanning;
    await Promise.all([...this.harvesters.values()].map((h) => h.stop()));
    this.harvesters.clear();
  });

  /** Runs a scan now; concurrent callers share the scan in progress. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce()
      .catch((err: unknown) => this.options.logger.error('scan failed', { target: this.target.id, err }))
      .finally(() => {
        this.scanning = undefined;
        this.firstScan = false;
      });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const paths = isDynamicPattern(this.target.path)
      ? await glob(this.target.path, { absolute: true, onlyFiles: true, followSymbolicLinks: true, expandDirectories: false })
      : [this.target.path];
    for (const path of paths) {
      if (this.stopped) return;
      const stats = await stat(path).catch(() => undefined);
      if (!stats?.isFile()) continue;
      const inodeKey = `${stats.dev}:${stats.ino}`;
      const existing = this.harvesters.get(inodeKey);
      if (existing) {
        existing.wake();
        continue;
      }
      await this.startHarvester(path, stats.dev, stats.ino, stats.size, inodeKey);
    }
  }

  private async startHarvester(path: string, device: number, inode: number, size: number, inodeKey: string): Promise<void> {
    const { identity, registry, logger } = this.options;
    const entry = await this.identify(path, device, inode, size);
    if (!entry) return;
    const harvester = new FileHarvester({
      target: this.target,
      fileKey: entry.fileKey,
      path,
      inode,
      startOffset: entry.offset,
      encoder: new FileEventEncoder({
        fileKey: entry.fileKey,
        path,
        hostName: identity.hostName,
        agent: { name: identity.name, id: identity.id, version: identity.version },
        labels: this.target.labels,
        format: this.target.format,
      }),
      messageKey: `${identity.name}:${path}`,
      shipper: this.options.shipper,
      registry,
      metrics: this.options.metrics,
      logger: logger.child({ target: this.target.id }),
      pollIntervalMs: this.options.pollIntervalMs,
      closeRemovedAfterMs: this.options.closeRemovedAfterMs,
      onClosed: () => {
        if (this.harvesters.get(inodeKey) === harvester) this.harvesters.delete(inodeKey);
      },
    });
    this.harvesters.set(inodeKey, harvester);
    try {
      await harvester.start();
      logger.info('harvesting', { target: this.target.id, path, offset: entry.offset });
    } catch (err) {
      this.harvesters.delete(inodeKey);
      logger.warn('could not open file; will retry on the next scan', { path, err });
    }
  }

  /** Finds the registry entry for this file, or creates one with the right start offset. */
  private async identify(path: string, device: number, inode: number, size: number): Promise<RegistryEntry | undefined> {
    const { registry, identity } = this.options;
    const handle = await open(path, 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      const known = registry.findByInode(device, inode);
      if (known) {
        const current = await fingerprintOf(handle, known.fingerprintBytes);
        if (current.bytes === known.fingerprintBytes && current.hash === known.fingerprint) return known;
        registry.remove(known.fileKey); // the inode was reused by another file
      }
      const fingerprint = await fingerprintOf(handle);
      const entry: RegistryEntry = {
        fileKey: fileKey({ agentId: identity.id, device, inode, fingerprint: fingerprint.hash }),
        path,
        device,
        inode,
        fingerprint: fingerprint.hash,
        fingerprintBytes: fingerprint.bytes,
        offset: this.firstScan && this.target.start === 'end' ? size : 0,
        updatedAt: new Date().toISOString(),
      };
      registry.upsert(entry);
      return entry;
    } finally {
      await handle.close();
    }
  }
}
