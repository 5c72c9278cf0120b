import type { ElasticsearchFeatures } from './elasticsearch-features.js';

/** `[elasticsearch] ilm`, `data_streams` and `retention_days`. */
export interface LifecycleSettings {
  ilm: 'auto' | 'on' | 'off';
  dataStreams: 'off' | 'on';
  retentionDays: number;
}

/** What the transfer does about index lifecycles on this cluster. */
export interface LifecyclePlan {
  /**
   * Install the ILM policy and name it in the template. Only when it has work to do (retention,
   * or rolling a data stream over): daily indices kept forever need no policy, and then a policy
   * someone else attached to them (the Docker stack's setup does) is left alone.
   */
  ilm: boolean;
  dataStreams: boolean;
  /** Delete old daily indices itself (retention without ILM). */
  retentionByTransfer: boolean;
  /** Why, in one line per decision, for the startup log. */
  reasons: string[];
}

/** A setting this cluster cannot honour: the transfer exits 2 naming the key. */
export interface LifecycleProblem {
  key: 'ilm' | 'data_streams' | 'retention_days';
  value: string;
  message: string;
}

/**
 * Decides, from the settings and what the cluster has, whether to use ILM, data streams and the
 * transfer's own retention. `on` for something the cluster lacks is a problem, never a silent
 * downgrade: the operator asked for it.
 */
export function planLifecycle(settings: LifecycleSettings, features: ElasticsearchFeatures): { plan: LifecyclePlan } | { problems: LifecycleProblem[] } {
  const problems: LifecycleProblem[] = [];
  const reasons: string[] = [];
  let ilm = false;
  if (settings.ilm === 'on') {
    if (features.ilm.available === false) problems.push({ key: 'ilm', value: 'on', message: `${features.ilm.detail}; set ilm = auto to use ILM only where the cluster has it, or off` });
    ilm = true;
    reasons.push(`ILM: on (${features.ilm.detail})`);
  } else if (settings.ilm === 'auto') {
    ilm = features.ilm.available === true;
    reasons.push(`ILM: auto, ${ilm ? 'used' : 'not used'} (${features.ilm.detail})`);
  } else {
    reasons.push('ILM: off');
  }
  const dataStreams = settings.dataStreams === 'on';
  if (ilm && settings.retentionDays === 0 && !dataStreams) {
    ilm = false;
    reasons.push('no ILM policy: daily indices kept forever (retention_days = 0) give it nothing to do');
  }
  if (dataStreams && features.dataStreams.available === false) {
    problems.push({ key: 'data_streams', value: 'on', message: `${features.dataStreams.detail}; set data_streams = off to write daily indices` });
  }
  reasons.push(`data streams: ${settings.dataStreams}`);
  if (dataStreams && settings.retentionDays > 0 && !ilm) {
    problems.push({ key: 'retention_days', value: String(settings.retentionDays), message: 'data streams are aged by ILM, which is not used here; use ILM (ilm = auto or on, on a cluster that has it), or set retention_days = 0' });
  }
  const retentionByTransfer = settings.retentionDays > 0 && !ilm && !dataStreams;
  if (settings.retentionDays > 0) reasons.push(`retention: ${settings.retentionDays} days, ${ilm ? 'by the ILM delete phase' : 'by the transfer, at start and every 24 hours'}`);
  if (problems.length > 0) return { problems };
  return { plan: { ilm, dataStreams, retentionByTransfer, reasons } };
}
