/**
 * The transfer's INI schema lives in @logpipe/schemas (libs/schemas/src/transfer-schema.ts), so
 * that `logctl check` validates transfer files with exactly the rules the transfer applies; add
 * keys there. Re-exported here so the transfer's own modules keep one local import.
 */
export { transferSchema } from '@logpipe/schemas';
