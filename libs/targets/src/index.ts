export { type Target, type MultilineRule, type ContainerFormat, CONTAINER_FORMATS, DEFAULT_MAX_LINE_BYTES, parserHint, sameTarget } from './target.js';
export { parseTarget, TARGET_FIELDS, type ParseResult, type ParseOptions } from './parse-target.js';
export {
  ALL_AGENTS,
  STATUS_KEY,
  classifyKey,
  isTargetKey,
  parseKeyValue,
  targetKey,
  collectConfigKey,
  statusKey,
  agentOfKey,
  type KeyKind,
  type KeyParseResult,
} from './target-keys.js';
export { type AgentStatus, parseAgentStatus } from './agent-status.js';
