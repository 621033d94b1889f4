import { isCheckpointRecord } from '../chain/format/checkpoint.js';
import { isHashHex } from '../chain/format/record-hash.js';
import { checkFieldLimits, parseDecidedAt } from './record-limits.js';

/** What the store needs from a valid POST body, besides the body itself. */
export interface ValidDecision {
  decisionId: string;
  aiSystemId: string;
  modelUsed: string;
  status: 'completed' | 'failed';
  decidedAt: string;
  decidedMs: number;
  operation: string | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** `redaction.counts`, only the numeric entries. */
  redactionCounts: Record<string, number> | undefined;
  chain: { chainId: string; seq: number; prevHash: string; hash: string } | undefined;
  /** What the workbench filters and links by (optional fields, kept when they are strings). */
  links: DecisionLinks;
  /** The parsed body (what the hash covers). */
  record: Record<string, unknown>;
}

export interface DecisionLinks {
  provider: string | undefined;
  traceId: string | undefined;
  spanId: string | undefined;
  parentSpanId: string | undefined;
  relatedDecisionId: string | undefined;
  /** The record carries a `humanOversight` context. */
  humanOversight: boolean;
  signed: boolean;
  /** `service.name` and `service.instanceId` (the writer's service and host). */
  serviceName: string | undefined;
  serviceInstance: string | undefined;
  /** `policyContext` as JSON text, when present. */
  policy: string | undefined;
  /** A checkpoint record with `final: true` (a writer's seal). */
  finalCheckpoint: boolean;
}

export type Validation = { ok: true; value: ValidDecision } | { ok: false; field: string; message: string };

const MAX_ID_LENGTH = 512;
const CHAIN_FIELDS = ['chainId', 'seq', 'prevHash', 'hash'] as const;

const invalid = (field: string, message: string): Validation => ({ ok: false, field, message: `${field}: ${message}` });

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Checks one parsed POST body against the AIDecision wire format (DESIGN.md §4). Only what the
 * store relies on is enforced: the core fields, the id, and the types of the chain fields. The
 * chain's *content* (does the hash match, does the link fit) is never a reason to refuse a record.
 */
export function validateDecision(body: unknown): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('body', 'must be a JSON object');
  const r = body as Record<string, unknown>;
  if (!nonEmptyString(r.decisionId)) return invalid('decisionId', `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  if (!nonEmptyString(r.aiSystemId)) return invalid('aiSystemId', `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  if (typeof r.modelUsed !== 'string' || r.modelUsed.length > MAX_ID_LENGTH) return invalid('modelUsed', 'must be a string');
  for (const field of ['input', 'output'] as const) {
    const v = r[field];
    // The Python core may send plain strings; the semantic-convention shape is an object.
    if (typeof v !== 'string' && (typeof v !== 'object' || v === null || Array.isArray(v))) {
      return invalid(field, 'must be an object ({ messages: [...] }) or a string');
    }
  }
  if (r.status !== 'completed' && r.status !== 'failed') return invalid('status', 'must be "completed" or "failed"');
  const decidedMs = parseDecidedAt(r.decidedAt);
  if (typeof decidedMs === 'string') return invalid('decidedAt', decidedMs);
  const tooDeep = checkFieldLimits(r);
  if (tooDeep) return { ok: false, field: tooDeep.field, message: tooDeep.message };
  if (r.operation !== undefined && typeof r.operation !== 'string') return invalid('operation', 'must be a string');

  let chain: ValidDecision['chain'];
  if (CHAIN_FIELDS.some((f) => r[f] !== undefined)) {
    if (!nonEmptyString(r.chainId)) return invalid('chainId', 'must be a non-empty string');
    if (typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq) || r.seq < 0) return invalid('seq', 'must be a non-negative integer');
    if (!isHashHex(r.prevHash)) return invalid('prevHash', 'must be lowercase hex SHA-256');
    if (!isHashHex(r.hash)) return invalid('hash', 'must be lowercase hex SHA-256');
    chain = { chainId: r.chainId, seq: r.seq, prevHash: r.prevHash, hash: r.hash };
  }
  if (r.signature !== undefined && typeof r.signature !== 'string') return invalid('signature', 'must be a base64 string');

  const usage = typeof r.usage === 'object' && r.usage !== null ? (r.usage as Record<string, unknown>) : undefined;
  let redactionCounts: Record<string, number> | undefined;
  const redaction = r.redaction as { counts?: unknown } | undefined;
  if (typeof redaction?.counts === 'object' && redaction.counts !== null) {
    for (const [type, n] of Object.entries(redaction.counts as Record<string, unknown>)) {
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) continue;
      redactionCounts ??= {};
      redactionCounts[type] = n;
    }
  }
  return {
    ok: true,
    value: {
      decisionId: r.decisionId,
      aiSystemId: r.aiSystemId,
      modelUsed: r.modelUsed,
      status: r.status,
      decidedAt: r.decidedAt as string,
      decidedMs,
      operation: r.operation as string | undefined,
      inputTokens: tokenCount(usage?.inputTokens),
      outputTokens: tokenCount(usage?.outputTokens),
      redactionCounts,
      chain,
      links: readLinks(r),
      record: r,
    },
  };
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= MAX_ID_LENGTH ? value : undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readLinks(r: Record<string, unknown>): DecisionLinks {
  const service = isObject(r.service) ? r.service : undefined;
  return {
    provider: optionalString(r.provider),
    traceId: optionalString(r.traceId),
    spanId: optionalString(r.spanId),
    parentSpanId: optionalString(r.parentSpanId),
    relatedDecisionId: optionalString(r.relatedDecisionId),
    humanOversight: isObject(r.humanOversight),
    signed: typeof r.signature === 'string',
    serviceName: optionalString(service?.name),
    serviceInstance: optionalString(service?.instanceId),
    policy: isObject(r.policyContext) ? JSON.stringify(r.policyContext) : undefined,
    finalCheckpoint: isCheckpointRecord(r) && r.checkpoint.final === true,
  };
}
