export { WIRE_FORMAT_VERSION, type AgentEvent, type LineFlag } from './wire-format.js';
export { type FileIdentity, fileKey, eventId } from './event-id.js';
export { type FileContext, FileEventEncoder } from './encoder.js';
export { type DecodedMessage, decodeMessage } from './decoder.js';
