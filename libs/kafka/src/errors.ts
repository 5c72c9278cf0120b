/**
 * Kafka client errors, translated at the adapter boundary so that callers decide what to do
 * next without importing the client's error classes.
 */
export class KafkaAdapterError extends Error {
  override readonly name = 'KafkaAdapterError';
  /**
   * The producer that failed cannot send again: it was closed, or the broker fenced its
   * producer id. Only a new producer helps; it may write again what the old one already wrote,
   * with the same event ids.
   */
  readonly recreateProducer: boolean;
  /** A broker refused who we are or what we asked (SASL, TLS, ACLs): retrying will not fix it. */
  readonly denied: boolean;
  /** The broker's error name where one answered (`MESSAGE_TOO_LARGE`, `ILLEGAL_GENERATION`...). */
  readonly brokerErrors: readonly string[];

  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown; recreateProducer?: boolean; denied?: boolean; brokerErrors?: readonly string[] },
  ) {
    super(message, options);
    this.recreateProducer = options?.recreateProducer ?? false;
    this.denied = options?.denied ?? false;
    this.brokerErrors = options?.brokerErrors ?? [];
  }
}

/** The fields of @platformatic/kafka's errors this module reads; everything is optional. */
export interface ClientErrorNode {
  message?: unknown;
  code?: unknown;
  apiId?: unknown;
  canRetry?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/** Broker answers after which this producer id is dead: only a new producer may send. */
const FENCED_PRODUCER = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);

/** Broker answers that say the group moved on without this member: it must rejoin before it commits. */
const MEMBERSHIP_LOST = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID', 'NOT_COORDINATOR', 'STALE_MEMBER_EPOCH', 'FENCED_MEMBER_EPOCH']);

const CLOSED_CLIENT = /client is closed/i;

/** Node's codes for a broker certificate that does not verify: the CA file is wrong or missing. */
export const UNTRUSTED_BROKER = /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED)$/;

/**
 * Whether some link of the error says that trying again cannot help: a refused login (which the
 * client wraps in a retriable network error, and so retries), or a broker certificate that
 * does not verify.
 */
export function isRefusal(err: unknown): boolean {
  for (const node of errorTree(err)) {
    if (node.canRetry === false || node.code === 'PLT_KFK_AUTHENTICATION') return true;
    if (typeof node.code === 'string' && UNTRUSTED_BROKER.test(node.code)) return true;
  }
  return false;
}

/**
 * Every error in the tree under `err`: the client wraps the error that matters (a refused
 * connection, a broker's answer) in "X failed N times" aggregates, in `errors` and `cause`.
 */
export function* errorTree(err: unknown, depth = 0): Generator<ClientErrorNode> {
  if (!err || typeof err !== 'object' || depth > 8) return;
  const node = err as ClientErrorNode;
  yield node;
  if (Array.isArray(node.errors)) for (const child of node.errors) yield* errorTree(child, depth + 1);
  if (node.cause !== err) yield* errorTree(node.cause, depth + 1);
}

/** The distinct messages of the errors with nothing under them: what actually went wrong. */
function rootMessages(err: unknown): string[] {
  const seen = new Set<string>();
  for (const node of errorTree(err)) {
    const hasChildren = (Array.isArray(node.errors) && node.errors.length > 0) || (node.cause !== undefined && node.cause !== null);
    if (hasChildren || typeof node.message !== 'string' || node.message === '') continue;
    const apiId = typeof node.apiId === 'string' ? ` (${node.apiId})` : '';
    seen.add(`${node.message.replace(/\.$/, '')}${apiId}`);
  }
  return [...seen];
}

/**
 * Walks the client's error and everything it wraps: the error is retriable unless some link
 * says it is not (a broker's answer such as MESSAGE_TOO_LARGE, a refused password), and a
 * closed client or a fenced producer id asks for a new producer.
 */
export function toKafkaAdapterError(err: unknown, what: string): KafkaAdapterError {
  if (err instanceof KafkaAdapterError) return err;
  let retriable = true;
  let recreateProducer = false;
  let denied = false;
  const brokerErrors = new Set<string>();
  for (const node of errorTree(err)) {
    if (node.canRetry === false) retriable = false;
    if (typeof node.apiId === 'string') {
      brokerErrors.add(node.apiId);
      if (FENCED_PRODUCER.has(node.apiId)) recreateProducer = true;
      if (/AUTHORIZATION_FAILED$|^SASL_AUTHENTICATION_FAILED$|^UNSUPPORTED_SASL_MECHANISM$/.test(node.apiId)) denied = true;
    }
    if (node.code === 'PLT_KFK_AUTHENTICATION') denied = true;
    if (typeof node.message === 'string' && CLOSED_CLIENT.test(node.message)) recreateProducer = true;
  }
  if (!(err instanceof Error)) retriable = false;
  if (denied) retriable = false;
  const top = err instanceof Error ? err.message.replace(/\.$/, '') : String(err);
  const roots = rootMessages(err).filter((message) => message !== top);
  const detail = roots.length > 0 ? `${top}: ${roots.join('; ')}` : top;
  return new KafkaAdapterError(`${what}: ${detail}`, retriable, { cause: err, recreateProducer, denied, brokerErrors: [...brokerErrors] });
}

/** Whether a commit or heartbeat failed because the group moved on without this member. */
export function endsMembership(err: unknown): boolean {
  const brokerErrors = err instanceof KafkaAdapterError ? err.brokerErrors : toKafkaAdapterError(err, '').brokerErrors;
  return brokerErrors.some((id) => MEMBERSHIP_LOST.has(id));
}
