export { agentSchema } from './agent-schema.js';
export { transferSchema } from './transfer-schema.js';
export { etcdAccess, etcdOptions, type EtcdSection } from './etcd-options.js';
export { etcdConnectionKeys, etcdConnectionRules } from './etcd-keys.js';
export { type IndexPatternPart, parseIndexPattern, hasDate, wildcardOf } from './index-pattern.js';
export {
  type RouteSpec,
  type RouteResult,
  ROUTE_FIELDS,
  FORMATS,
  DEFAULT_TRANSFER_PREFIX,
  TOPIC_NAME,
  routeKey,
  topicOfRouteKey,
  parseRouteJson,
  parseRouteIni,
} from './route-schema.js';
export { parseTopicList } from './topic-list.js';
export { type TransferStatus, parseTransferStatus, transferConsumes, transferStatusKey, transferWorkersPrefix } from './transfer-status.js';
export { logSection, metricsSection } from './common-sections.js';
