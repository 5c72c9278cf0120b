import { open, realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { FileEventEncoder } from '@logpipe/event';
import { onceStop, type Logger } from '@logpipe/runtime';
import { parserHint, type Target } from '@logpipe/targets';
import { findCopySource } from './copy-detection.js';
import { DirectoryWatchers } from './directory-watchers.js';
import type { FileClaims } from './file-claims.js';
import { FileHarvester } from './file-harvester.js';
import { FINGERPRINT_BYTES, fingerprintOfHead, headMatches, readHead } from './fingerprint.js';
import { KAFKA_MAX_LINE_BYTES } from './max-line-bytes.js';
import { isContainerLink, mergePodMetadata, namespaceAllowed, podMetadataFromPath, type PodMetadata } from './pod-metadata.js';
import { inodeKey, newEntry, type RegistryEntry } from '../registry/registry-entry.js';
import type { AgentIdentity } from '../agent-identity.js';
import type { AgentMetrics } from '../agent-metrics.js';
import type { KafkaShipper } from '../ship/kafka-shipper.js';
import type { Registry } from '../registry/registry.js';

export interface TargetInputOptions {
  identity: AgentIdentity;
  shipper: KafkaShipper;
  registry: Registry;
  metrics: AgentMetrics;
  logger: Logger;
  scanIntervalMs: number;
  /** Idle poll of an open file where inotify is unavailable. */
  pollIntervalMs: number;
  closeRemovedAfterMs: number;
  closeInactiveMs: number;
  /** Which target collects each file, shared by every target of the agent. */
  claims: FileClaims;
}

/** With inotify, polling is only a safety net for changes a watch does not report. */
const WATCHED_POLL_INTERVAL_MS = 2000;

/** A file the scan found: a path and what it pointed to at that moment. */
interface SeenFile {
  path: string;
  device: number;
  inode: number;
  size: number;
  key: string;
  /** What the kubelet's path tells about the container that writes the file. */
  pod: PodMetadata | undefined;
}

/** How to start reading a file: with which entry, from where. */
interface Plan {
  file: SeenFile;
  entry: RegistryEntry;
  offset: number;
  /** The entry was just made: its key must be saved before the harvester starts. */
  isNew?: boolean;
}

/**
 * One target's scanner: every scan interval it resolves the path or glob, and starts a
 * harvester for each file (device+inode) it does not follow yet.
 *
 * - A file in the registry resumes at its acknowledged offset, unless its first bytes changed
 *   (truncated and rewritten while the agent was down, or a reused inode): then its old
 *   identity is detached and it is read as a new file.
 * - A new file that begins with the same bytes as a truncated file's old identity is its copy
 *   (logrotate's copytruncate) and is read from where the original stopped, with the original's
 *   file key. One that begins like a file still followed on its inode waits: it is needed only
 *   if the original is truncated before its harvester read everything.
 * - Any other new file starts at the target's `start` on the first scan and at 0 afterwards,
 *   because a file created later is new data from its first byte.
 */
export class TargetInput {
  private readonly harvesters = new Map<string, FileHarvester>();
  /** Copies waiting for their original's truncation, logged once each. */
  private readonly waitingCopies = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private firstScan = true;
  private scanning: Promise<void> | undefined;
  private stopped = false;
  private readonly watchers: DirectoryWatchers;
  /** Paths with a backlog series, removed when the file is no longer matched. */
  private backlogPaths = new Set<string>();
  /** Files this target matched and claimed (see FileClaims), and those another target had claimed first, logged once each. */
  private claimed = new Set<string>();
  private readonly claimedElsewhere = new Set<string>();
  /** Each matched path's pod metadata, worked out once (a symlink needs a realpath). */
  private podOfPath = new Map<string, PodMetadata | undefined>();

  constructor(
    private target: Target,
    private readonly options: TargetInputOptions,
  ) {
    this.watchers = new DirectoryWatchers((directory, name) => this.onDirectoryChange(directory, name), options.logger);
  }

  get id(): string {
    return this.target.id;
  }

  async start(): Promise<void> {
    if (this.target.maxLineBytes > KAFKA_MAX_LINE_BYTES) {
      this.options.logger.warn('max_line_bytes is larger than one Kafka message can carry; longer lines are cut at the limit and flagged truncated', {
        target: this.target.id,
        maxLineBytes: this.target.maxLineBytes,
        limit: KAFKA_MAX_LINE_BYTES,
      });
    }
    await this.scan();
    this.timer = setInterval(() => void this.scan(), this.options.scanIntervalMs);
  }

  readonly stop = onceStop(async () => {
    this.stopped = true;
    clearInterval(this.timer);
    this.watchers.close();
    await this.scanning;
    for (const path of this.backlogPaths) this.options.metrics.fileBacklog.remove({ path });
    await Promise.all([...this.harvesters.values()].map((h) => h.stop()));
    this.harvesters.clear();
    for (const key of this.claimed) this.options.claims.release(key, this.target.id);
    this.claimed.clear();
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
    const { registry } = this.options;
    const unknown: { file: SeenFile; wasKnown: boolean }[] = [];
    const files = this.claim(await this.resolve());
    this.watchers.retain(this.directoriesToWatch(files));
    this.updateBacklog(files);
    const present = new Set(files.map((file) => file.key));
    for (const key of this.waitingCopies) if (!present.has(key)) this.waitingCopies.delete(key);
    // Known files first: whether a new file is a copy depends on its original's harvester.
    for (const file of files) {
      if (this.stopped) return;
      const existing = this.harvesters.get(file.key);
      if (existing) {
        existing.follow(file.path);
        continue;
      }
      const entry = registry.find(file.device, file.inode);
      // Nothing new in a known file (closed while inactive, or read to the end before a
      // restart): leave it closed. A truncation to the same size while closed is noticed when
      // it next grows, by the fingerprint check in resumeOffset.
      if (entry && !entry.copy && file.size === entry.offset) continue;
      const offset = entry && (await this.resumeOffset(file, entry));
      if (entry && offset !== undefined) await this.startHarvester({ file, entry, offset });
      else unknown.push({ file, wasKnown: entry !== undefined });
    }
    const plans: Plan[] = [];
    let created = false;
    for (const { file, wasKnown } of unknown) {
      if (this.stopped) return;
      const plan = await this.identifyNew(file, wasKnown);
      if (!plan) continue;
      created ||= plan.isNew === true;
      plans.push(plan);
    }
    // New keys must be on disk before a line carries them (see newEntry); one write per scan.
    if (created) await registry.flush();
    for (const plan of plans) await this.startHarvester(plan);
  }

  /**
   * The files this target may collect: those no other target claimed first. Claimed when first
   * matched (before any await, so two targets scanning at once cannot both take a new file) and
   * released when no longer matched.
   */
  private claim(files: SeenFile[]): SeenFile[] {
    const { claims, logger } = this.options;
    const mine: SeenFile[] = [];
    const claimed = new Set<string>();
    for (const file of files) {
      if (claims.claim(file.key, this.target.id)) {
        claimed.add(file.key);
        mine.push(file);
        this.claimedElsewhere.delete(file.key);
      } else if (!this.claimedElsewhere.has(file.key)) {
        this.claimedElsewhere.add(file.key);
        logger.info('file is already collected by another target; not collecting it twice', { target: this.target.id, path: file.path, collectedBy: claims.ownerOf(file.key) });
      }
    }
    for (const key of this.claimed) {
      // A file rotated out of the glob is still read to its end by its harvester: still ours.
      if (claimed.has(key)) continue;
      if (this.harvesters.has(key)) claimed.add(key);
      else claims.release(key, this.target.id);
    }
    this.claimed = claimed;
    const present = new Set(files.map((file) => file.key));
    for (const key of this.claimedElsewhere) if (!present.has(key)) this.claimedElsewhere.delete(key);
    return mine;
  }

  /** A write wakes the file's harvester; any other name in the directory may be a new file. */
  private onDirectoryChange(directory: string, name: string | undefined): void {
    if (this.stopped) return;
    let woke = false;
    for (const harvester of this.harvesters.values()) {
      if (name !== undefined && dirname(harvester.path) === directory && basename(harvester.path) === name) {
        harvester.wake();
        woke = true;
      }
    }
    if (!woke) void this.scan();
  }

  /** The directories of the matched files, and a glob's fixed base directory (new files appear there). */
  private directoriesToWatch(files: SeenFile[]): Set<string> {
    const directories = new Set(files.map((file) => dirname(file.path)));
    const fixed = this.target.path.split(/[*?[{]/, 1)[0]!;
    directories.add(isDynamicPattern(this.target.path) ? (fixed.endsWith('/') ? fixed.slice(0, -1) || '/' : dirname(fixed)) : dirname(this.target.path));
    return directories;
  }

  /** `logagent_file_backlog_bytes`: each matched file's size minus its acknowledged offset. */
  private updateBacklog(files: SeenFile[]): void {
    const { registry, metrics } = this.options;
    const seen = new Set<string>();
    for (const file of files) {
      const entry = registry.find(file.device, file.inode);
      if (!entry) continue;
      metrics.fileBacklog.set({ path: file.path }, Math.max(0, file.size - entry.offset));
      seen.add(file.path);
    }
    for (const path of this.backlogPaths) if (!seen.has(path)) metrics.fileBacklog.remove({ path });
    this.backlogPaths = seen;
  }

  /** Every regular file the target's path matches now, once per device+inode. */
  private async resolve(): Promise<SeenFile[]> {
    const paths = isDynamicPattern(this.target.path)
      ? await glob(this.target.path, { absolute: true, onlyFiles: true, followSymbolicLinks: true, expandDirectories: false })
      : [this.target.path];
    const files = new Map<string, SeenFile>();
    const podOfPath = new Map<string, PodMetadata | undefined>();
    const { includeNamespaces, excludeNamespaces, excludeFiles } = this.target;
    for (const path of paths) {
      if (excludeFiles.length > 0 && excludeFiles.some((r) => r.test(path))) continue;
      const stats = await stat(path).catch(() => undefined);
      if (!stats?.isFile()) continue;
      const pod = this.podOfPath.has(path) ? this.podOfPath.get(path) : await podMetadataOf(path);
      podOfPath.set(path, pod);
      if (!namespaceAllowed(pod, includeNamespaces, excludeNamespaces)) continue;
      const key = inodeKey(stats.dev, stats.ino);
      if (!files.has(key)) files.set(key, { path, device: stats.dev, inode: stats.ino, size: stats.size, key, pod });
    }
    this.podOfPath = podOfPath;
    return [...files.values()];
  }

  /**
   * Where a known file resumes, or undefined when it is no longer the file the entry describes
   * (its entry is then detached, so that a copy of the old content can still claim it).
   */
  private async resumeOffset(file: SeenFile, entry: RegistryEntry): Promise<number | undefined> {
    const head = await this.readHeadOf(file);
    if (!head) return undefined;
    const sameStart = headMatches(head, entry.fingerprint, entry.fingerprintBytes);
    // A copy never grows, and may have fewer bytes than its original had when it was read.
    if (sameStart && entry.copy) return Math.min(entry.offset, file.size);
    if (sameStart && file.size >= entry.offset) return entry.offset;
    this.options.registry.detach(entry, entry.offset);
    this.options.logger.warn('file was truncated or replaced while not followed; reading it as a new file', {
      target: this.target.id,
      path: file.path,
      offset: entry.offset,
      size: file.size,
    });
    return undefined;
  }

  /** Decides how to read a file with no entry: as a copy, not yet (a copy of an intact file), or as a new file. */
  private async identifyNew(file: SeenFile, wasKnown: boolean): Promise<Plan | undefined> {
    const { registry, identity, logger } = this.options;
    const head = await this.readHeadOf(file);
    if (!head) return undefined;
    const source = findCopySource(head, file, registry);
    if (source?.kind === 'detached') {
      const handoff = registry.claim(source.detached, file.device, file.inode, file.path);
      this.waitingCopies.delete(file.key);
      logger.info('file is a copy of a truncated file; reading it from where the original stopped', {
        target: this.target.id,
        path: file.path,
        offset: handoff,
      });
      return { file, entry: source.detached.entry, offset: Math.min(handoff, file.size) };
    }
    if (source?.kind === 'live' && (await this.isCopyOfFollowed(file, source.entry))) {
      if (!this.waitingCopies.has(file.key)) {
        this.waitingCopies.add(file.key);
        logger.info('file is a copy of a followed file; reading it only if the original is truncated', {
          target: this.target.id,
          path: file.path,
          original: source.entry.path,
        });
      }
      return undefined;
    }
    this.waitingCopies.delete(file.key);
    const { hash, bytes } = fingerprintOfHead(head);
    const entry = newEntry(identity.id, {
      path: file.path,
      device: file.device,
      inode: file.inode,
      fingerprint: hash,
      fingerprintBytes: bytes,
      offset: this.firstScan && this.target.start === 'end' && !wasKnown ? file.size : 0,
    });
    registry.add(entry);
    return { file, entry, offset: entry.offset, isNew: true };
  }

  /**
   * A new file starting like a followed one is a copy of it when the original still holds the
   * same bytes at the copy's end, or was truncated and its harvester has not noticed yet. If
   * this target does not follow the original, nothing would ever hand the copy over: read it.
   */
  private async isCopyOfFollowed(file: SeenFile, original: RegistryEntry): Promise<boolean> {
    const harvester = this.harvesters.get(inodeKey(original.device, original.inode));
    if (!harvester) return false;
    const length = Math.min(file.size, FINGERPRINT_BYTES);
    const handle = await open(file.path, 'r').catch(() => undefined);
    if (!handle) return true;
    try {
      const tail = Buffer.alloc(length);
      const { bytesRead } = await handle.read(tail, 0, length, file.size - length);
      return harvester.mayBeCopiedTo(tail.subarray(0, bytesRead), file.size - length);
    } finally {
      await handle.close();
    }
  }

  /** The file's first bytes, or undefined when it vanished or was replaced since the scan saw it. */
  private async readHeadOf(file: SeenFile): Promise<Buffer | undefined> {
    const handle = await open(file.path, 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      const { dev, ino } = await handle.stat();
      if (dev !== file.device || ino !== file.inode) return undefined;
      return await readHead(handle);
    } finally {
      await handle.close();
    }
  }

  private async startHarvester({ file, entry, offset }: Plan): Promise<void> {
    const { identity, registry, logger } = this.options;
    const { path, key } = file;
    const harvester: FileHarvester = new FileHarvester({
      target: this.target,
      agentId: identity.id,
      entry,
      path,
      device: file.device,
      inode: file.inode,
      startOffset: offset,
      newEncoder: (fileKey) =>
        new FileEventEncoder({
          fileKey,
          path,
          hostName: identity.hostName,
          agent: { name: identity.name, id: identity.id, version: identity.version },
          labels: this.target.labels,
          format: parserHint(this.target),
          ...(file.pod ? { fileFields: { ...file.pod } } : {}),
        }),
      messageKey: `${identity.name}:${path}`,
      shipper: this.options.shipper,
      registry,
      metrics: this.options.metrics,
      logger: logger.child({ target: this.target.id }),
      pollIntervalMs: (): number =>
        this.watchers.isWatched(dirname(harvester.path)) ? Math.max(this.options.pollIntervalMs, WATCHED_POLL_INTERVAL_MS) : this.options.pollIntervalMs,
      closeRemovedAfterMs: this.options.closeRemovedAfterMs,
      closeInactiveMs: this.options.closeInactiveMs,
      onClosed: () => {
        if (this.harvesters.get(key) === harvester) this.harvesters.delete(key);
      },
    });
    this.harvesters.set(key, harvester);
    try {
      await harvester.start();
      logger.info('harvesting', { target: this.target.id, path, offset });
    } catch (err) {
      this.harvesters.delete(key);
      logger.warn('could not open file; will retry on the next scan', { path, err });
    }
  }
}

/** The pod metadata of a matched path; a `/var/log/containers` symlink adds its target's (the pod UID). */
async function podMetadataOf(path: string): Promise<PodMetadata | undefined> {
  const named = podMetadataFromPath(path);
  if (!named || !isContainerLink(path)) return named;
  const real = await realpath(path).catch(() => undefined);
  return mergePodMetadata(named, real === undefined ? undefined : podMetadataFromPath(real));
}
