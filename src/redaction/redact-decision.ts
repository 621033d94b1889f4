import { hash } from 'node:crypto';
import type { AIDecision, ComplianceContext, DecisionCheck, Message, MessagePart, ToolDefinition } from '../decision.js';
import type { Redactor } from './types.js';

/**
 * How much content a record keeps:
 * - `redacted` (default): content with every detected value replaced;
 * - `hashed`: each content field of a message part is replaced by `<field>_sha256`, the lowercase hex
 *   SHA-256 of its redacted value (strings as is, other JSON values serialised), e.g.
 *   `{ type: 'text', content_sha256: '…' }`, `{ type: 'tool_call', id, name, arguments_sha256: '…' }`;
 * - `omitted`: messages keep `role`, `finish_reason` and each part's `type` only.
 * Tool definitions, error messages, agent/tool descriptions and the compliance context are metadata,
 * not conversation content: they are redacted in every mode. In `omitted` mode dropped content is
 * not scanned, so `redaction.counts` covers only the fields the record still carries. Blob parts
 * (base64 payloads) are copied, not scanned (`hashed` still hashes them).
 */
export type ContentMode = 'redacted' | 'hashed' | 'omitted';

export interface RedactDecisionOptions {
  /** @defaultValue `'redacted'` */
  content?: ContentMode | undefined;
}

/** Part keys that describe a part rather than hold its content; never redacted or hashed. */
const PART_METADATA = new Set(['type', 'id', 'name', 'modality', 'mime_type', 'file_id']);

/** Short values get their property name as context (see `keyed`). */
const MAX_KEYED_VALUE = 40;

function hasDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length && digits < 6; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits >= 6;
}

/** Integers this long may be phone or card numbers written as JSON numbers. */
const MIN_NUMERIC_PII = 100_000;

function sha256(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return hash('sha256', text, 'hex');
}

/** Walks JSON values, returning redacted deep copies and summing counts. */
class ContentRedactor {
  readonly counts: Record<string, number> = {};

  constructor(private readonly redactor: Redactor) {}

  private add(counts: Record<string, number>): void {
    for (const type in counts) this.counts[type] = (this.counts[type] ?? 0) + counts[type]!;
  }

  /** Redacts a string; JSON inside a string (tool arguments, results) is parsed, redacted and re-serialised. */
  string(text: string, key?: string): string {
    if (text.length < 6) return text;
    const first = text.charCodeAt(0);
    if ((first === 123 || first === 91) && text.length > 1) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed !== null && typeof parsed === 'object') {
        const before = this.total();
        const redacted = this.value(parsed);
        return this.total() === before ? text : JSON.stringify(redacted);
      }
    }
    const result = this.redactor.redact(text);
    if (key !== undefined && result.text === text && text.length <= MAX_KEYED_VALUE && hasDigits(text)) {
      return this.keyed(key, text) ?? text;
    }
    this.add(result.counts);
    return result.text;
  }

  /**
   * A short value under a key such as `phone` or `ssn` gets the key as context, as it would in prose
   * (`"phone": "0612345678"` is a phone number; a bare `0612345678` is not).
   */
  private keyed(key: string, text: string): string | undefined {
    const prefix = `${key}: `;
    const result = this.redactor.redact(prefix + text);
    if (!result.text.startsWith(prefix) || result.text.length === prefix.length + text.length) return undefined;
    this.add(result.counts);
    return result.text.slice(prefix.length);
  }

  private total(): number {
    let n = 0;
    for (const type in this.counts) n += this.counts[type]!;
    return n;
  }

  /** A redacted deep copy of any JSON value; `key` is the property it sits under, used as context. */
  value(value: unknown, key?: string): unknown {
    if (typeof value === 'string') return this.string(value, key);
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || Math.abs(value) < MIN_NUMERIC_PII) return value;
      const text = String(value);
      const redacted = this.string(text, key);
      return redacted === text ? value : redacted;
    }
    if (Array.isArray(value)) return value.map((item) => this.value(item, key));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(value)) out[k] = this.value(item, k);
      return out;
    }
    return value;
  }

  optional(text: string | undefined): string | undefined {
    return text === undefined ? undefined : this.string(text);
  }

  part(part: MessagePart, content: ContentMode): MessagePart {
    if (content === 'omitted') return { type: part.type };
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(part)) {
      if (PART_METADATA.has(key)) out[key] = item;
      else if (part.type === 'blob' && key === 'content') {
        // Base64 payloads: detectors would only find noise in them; hashed mode still hashes them.
        if (content === 'hashed') out.content_sha256 = sha256(item);
        else out[key] = item;
      } else if (content === 'hashed') out[`${key}_sha256`] = sha256(this.value(item));
      else out[key] = this.value(item);
    }
    return out as MessagePart;
  }

  message(message: Message, content: ContentMode): Message {
    const out: Message = { role: message.role, parts: (message.parts ?? []).map((p) => this.part(p, content)) };
    if (message.finish_reason !== undefined) out.finish_reason = message.finish_reason;
    if (message.name !== undefined && content === 'redacted') out.name = this.string(message.name);
    return out;
  }

  /**
   * A check's explanation is an evaluator's words about the conversation and may quote it: it follows
   * the content mode like message text. Its name, label and scores are metadata.
   */
  check(check: DecisionCheck, content: ContentMode): DecisionCheck {
    const { explanation, ...metadata } = check;
    const out: DecisionCheck & { explanationSha256?: string } = { ...metadata };
    if (explanation === undefined || content === 'omitted') return out;
    const redacted = this.string(explanation);
    if (content === 'hashed') out.explanationSha256 = sha256(redacted);
    else out.explanation = redacted;
    return out;
  }

  toolDefinition(tool: ToolDefinition): ToolDefinition {
    return this.value(tool) as ToolDefinition;
  }

  context(context: ComplianceContext): ComplianceContext {
    const out: ComplianceContext = {};
    for (const [key, item] of Object.entries(context)) {
      out[key] = typeof item === 'string' ? this.string(item, key) : Array.isArray(item) ? item.map((s) => this.string(s, key)) : item;
    }
    return out;
  }

  /** Keys of `input`/`output` other than the known ones (a dialect's extra content). */
  extra(value: unknown, content: ContentMode): unknown {
    if (content === 'omitted') return undefined;
    const redacted = this.value(value);
    return content === 'hashed' ? sha256(redacted) : redacted;
  }
}

const COMPLIANCE_KEYS = ['policyContext', 'humanOversight', 'dataProvenance', 'session'] as const;

/**
 * A deep copy with JSON's semantics (what `JSON.parse(JSON.stringify())` gives: `toJSON` applied,
 * non-finite numbers become null, functions and undefined members dropped), by recursion: five
 * stringify/parse round trips per decision showed in figure 3's profile.
 */
function copyJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return copyJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return value.map((item) => copyJson(item) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const copy = copyJson(member);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

/**
 * Returns a redacted deep copy of `decision` (the input is never modified: other exporters see the
 * original span data) with `redaction: { mode, counts }` set. Covers message parts (text,
 * reasoning, tool-call arguments and responses of any JSON shape, JSON nested in strings), system
 * instructions, tool definitions, `error.message`, agent and tool descriptions, `conversationId`,
 * check explanations and the compliance context. `redaction.mode` is the redactor's replacement
 * mode (`redact`, `hash`, `mask`) when content is kept, else the content mode (`hashed`, `omitted`);
 * counts are per type, summed over all fields, never values.
 */
export function redactDecision(decision: AIDecision, redactor: Redactor, options: RedactDecisionOptions = {}): AIDecision {
  const content = options.content ?? 'redacted';
  const walker = new ContentRedactor(redactor);
  const out = { ...decision } as AIDecision & Record<string, unknown>;

  const { messages, systemInstructions, toolDefinitions, ...inputExtra } = decision.input ?? { messages: [] };
  out.input = { messages: (messages ?? []).map((m) => walker.message(m, content)) };
  if (systemInstructions !== undefined) out.input.systemInstructions = systemInstructions.map((p) => walker.part(p, content));
  if (toolDefinitions !== undefined) out.input.toolDefinitions = toolDefinitions.map((t) => walker.toolDefinition(t));
  for (const [key, value] of Object.entries(inputExtra)) {
    const v = walker.extra(value, content);
    if (v !== undefined) (out.input as unknown as Record<string, unknown>)[key] = v;
  }
  const { messages: outMessages, ...outputExtra } = decision.output ?? { messages: [] };
  out.output = { messages: (outMessages ?? []).map((m) => walker.message(m, content)) };
  for (const [key, value] of Object.entries(outputExtra)) {
    const v = walker.extra(value, content);
    if (v !== undefined) (out.output as unknown as Record<string, unknown>)[key] = v;
  }

  if (decision.error) out.error = { ...decision.error, message: walker.optional(decision.error.message) };
  if (decision.error && decision.error.message === undefined) delete out.error!.message;
  if (decision.agent) {
    out.agent = { ...decision.agent };
    if (decision.agent.description !== undefined) out.agent.description = walker.string(decision.agent.description);
  }
  if (decision.tool) {
    out.tool = { ...decision.tool };
    if (decision.tool.description !== undefined) out.tool.description = walker.string(decision.tool.description);
  }
  if (decision.conversationId !== undefined) out.conversationId = walker.string(decision.conversationId);
  if (decision.checks !== undefined) out.checks = decision.checks.map((check) => walker.check(check, content));
  for (const key of COMPLIANCE_KEYS) {
    const context = decision[key];
    if (context !== undefined) out[key] = walker.context(context);
  }
  // Everything else is metadata: copied so the result shares nothing with the input.
  for (const key of ['usage', 'service', 'source', 'finishReasons', 'mappingWarnings'] as const) {
    if (decision[key] !== undefined) out[key] = copyJson(decision[key]) as never;
  }
  out.redaction = { mode: content === 'redacted' ? (redactor.mode ?? 'redact') : content, counts: walker.counts };
  return out;
}
