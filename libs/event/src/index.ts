export { WIRE_FORMAT_VERSION, MAX_PACK_CHARS, PACK_SEPARATOR, type AgentEvent, type LineFlag } from './wire-format.js';
export { type FileIdentity, fileKey, eventId } from './event-id.js';
export { type FileContext, FileEventEncoder } from './encoder.js';
export { type PackLimits, EventPacker } from './event-packer.js';
export { type DecodedMessage, decodeMessage, unpackMessage } from './decoder.js';
