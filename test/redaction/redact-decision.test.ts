import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AIDecision } from '../../src/decision.js';
import { createRedactor, redactDecision } from '../../src/redaction/index.js';

const EMAIL = 'jane.doe@example.com';
const PHONE = '+49 30 607079';
const CARD = '4111 1111 1111 1111';
const IBAN = 'DE89 3704 0044 0532 0130 00';
const IP = '10.1.2.3';

function decision(): AIDecision {
  return {
    aiSystemId: 'sys-1',
    modelUsed: 'gpt-x',
    status: 'failed',
    decidedAt: '2026-01-01T00:00:00.000Z',
    decisionId: 'd-1',
    conversationId: EMAIL,
    input: {
      systemInstructions: [{ type: 'text', content: `Escalate to ${EMAIL}` }],
      toolDefinitions: [
        {
          type: 'function',
          name: 'refund',
          description: `Refunds to IBAN ${IBAN}`,
          parameters: { type: 'object', properties: { card: { type: 'string', description: `e.g. ${CARD}` } } },
        },
      ],
      messages: [
        {
          role: 'user',
          parts: [
            { type: 'text', content: `I am ${EMAIL}, call ${PHONE}` },
            { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBORw0KGgo=' },
            { type: 'uri', modality: 'image', uri: `https://example.org/u?mail=${EMAIL}` },
          ],
        },
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: `User card ${CARD}` },
            {
              type: 'tool_call',
              id: 'c1',
              name: 'refund',
              arguments: { card: CARD, to: [{ iban: IBAN }], note: JSON.stringify({ ip: IP, n: 1 }), phone: 4930607079 },
            },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: JSON.stringify({ ok: true, ip: IP }) }] },
      ],
    },
    output: {
      messages: [{ role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: `Done, ${EMAIL}.` }] }],
    },
    error: { type: 'ToolError', message: `refund to ${IBAN} failed` },
    agent: { id: 'a1', name: 'support', description: `Owner ${EMAIL}` },
    tool: { name: 'refund', description: `Calls ${PHONE}` },
    usage: { inputTokens: 10, outputTokens: 5 },
    policyContext: { policy: 'gdpr', contact: EMAIL },
    humanOversight: { reviewer: EMAIL, approved: true },
    dataProvenance: { sources: ['crm', `ip ${IP}`] },
    session: { id: 's1', phone: PHONE },
  };
}

const VALUES = [EMAIL, PHONE, CARD, IBAN, IP, '4930607079'];

describe('redactDecision (redacted content)', () => {
  const redactor = createRedactor();

  it('redacts every content field and leaves the input untouched', () => {
    const input = decision();
    const snapshot = structuredClone(input);
    const out = redactDecision(input, redactor);
    expect(input).toEqual(snapshot);
    const json = JSON.stringify(out);
    for (const value of VALUES) expect(json).not.toContain(value);

    expect(out.input.messages[0]!.parts[0]).toEqual({ type: 'text', content: 'I am [EMAIL], call [PHONE]' });
    expect(out.input.messages[0]!.parts[1]).toEqual(input.input.messages[0]!.parts[1]);
    expect(out.input.messages[1]!.parts[1]).toEqual({
      type: 'tool_call',
      id: 'c1',
      name: 'refund',
      arguments: { card: '[CREDIT_CARD]', to: [{ iban: '[IBAN]' }], note: '{"ip":"[IPV4]","n":1}', phone: '[PHONE]' },
    });
    expect(out.input.messages[2]!.parts[0]).toEqual({ type: 'tool_call_response', id: 'c1', response: '{"ok":true,"ip":"[IPV4]"}' });
    expect(out.input.systemInstructions).toEqual([{ type: 'text', content: 'Escalate to [EMAIL]' }]);
    expect(out.input.toolDefinitions![0]!.description).toBe('Refunds to IBAN [IBAN]');
    expect(out.error).toEqual({ type: 'ToolError', message: 'refund to [IBAN] failed' });
    expect(out.agent).toEqual({ id: 'a1', name: 'support', description: 'Owner [EMAIL]' });
    expect(out.tool).toEqual({ name: 'refund', description: 'Calls [PHONE]' });
    expect(out.conversationId).toBe('[EMAIL]');
    expect(out.policyContext).toEqual({ policy: 'gdpr', contact: '[EMAIL]' });
    expect(out.humanOversight).toEqual({ reviewer: '[EMAIL]', approved: true });
    expect(out.dataProvenance).toEqual({ sources: ['crm', 'ip [IPV4]'] });
    expect(out.session).toEqual({ id: 's1', phone: '[PHONE]' });
    expect(out.output.messages[0]).toEqual({ role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: 'Done, [EMAIL].' }] });
    expect(out.usage).toEqual(input.usage);
    expect(out.usage).not.toBe(input.usage);
    expect(out.redaction).toEqual({
      mode: 'redact',
      counts: { EMAIL: 8, PHONE: 4, CREDIT_CARD: 3, IBAN: 3, IPV4: 3 },
    });
  });

  it('copies metadata as JSON would, sharing nothing with the input', () => {
    const input = decision();
    const odd = {
      inputTokens: Number.NaN,
      outputTokens: 3,
      at: new Date(0),
      dropped: undefined,
      fn: () => 1,
      list: [undefined, Number.POSITIVE_INFINITY, { deep: [1, 'two'] }],
    };
    (input as unknown as Record<string, unknown>).usage = odd;
    const out = redactDecision(input, redactor);
    expect(out.usage).toEqual(JSON.parse(JSON.stringify(odd)));
    expect(JSON.stringify(out.usage)).toBe(JSON.stringify(odd));
    expect((out.usage as unknown as { list: unknown[] }).list[2]).not.toBe(odd.list[2]);
  });

  it('keeps JSON strings without PII byte for byte', () => {
    const d = decision();
    d.input.messages = [{ role: 'tool', parts: [{ type: 'tool_call_response', response: '{ "ok": true }' }] }];
    expect(redactDecision(d, redactor).input.messages[0]!.parts[0]).toEqual({ type: 'tool_call_response', response: '{ "ok": true }' });
  });

  it('reports the replacement mode of the redactor', () => {
    expect(redactDecision(decision(), createRedactor({ mode: 'mask' })).redaction!.mode).toBe('mask');
  });
});

describe('redactDecision (hashed content)', () => {
  it('keeps only a SHA-256 of each redacted content field', () => {
    const input = decision();
    const out = redactDecision(input, createRedactor(), { content: 'hashed' });
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(out.input.messages[0]!.parts[0]).toEqual({ type: 'text', content_sha256: sha('I am [EMAIL], call [PHONE]') });
    expect(out.input.messages[0]!.parts[1]).toEqual({ type: 'blob', modality: 'image', mime_type: 'image/png', content_sha256: sha('iVBORw0KGgo=') });
    expect(out.input.messages[1]!.parts[1]).toMatchObject({ type: 'tool_call', id: 'c1', name: 'refund' });
    expect(out.input.messages[1]!.parts[1]).toHaveProperty('arguments_sha256', expect.stringMatching(/^[0-9a-f]{64}$/));
    expect(out.input.messages[1]!.parts[1]).not.toHaveProperty('arguments');
    expect(out.input.messages[2]!.parts[0]).toEqual({ type: 'tool_call_response', id: 'c1', response_sha256: sha('{"ok":true,"ip":"[IPV4]"}') });
    expect(out.redaction!.mode).toBe('hashed');
    const json = JSON.stringify(out);
    for (const value of VALUES) expect(json).not.toContain(value);
  });
});

describe('redactDecision (omitted content)', () => {
  it('keeps roles and part types only', () => {
    const out = redactDecision(decision(), createRedactor(), { content: 'omitted' });
    expect(out.input.messages).toEqual([
      { role: 'user', parts: [{ type: 'text' }, { type: 'blob' }, { type: 'uri' }] },
      { role: 'assistant', parts: [{ type: 'reasoning' }, { type: 'tool_call' }] },
      { role: 'tool', parts: [{ type: 'tool_call_response' }] },
    ]);
    expect(out.input.systemInstructions).toEqual([{ type: 'text' }]);
    expect(out.output.messages).toEqual([{ role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text' }] }]);
    expect(out.redaction!.mode).toBe('omitted');
    const json = JSON.stringify(out);
    for (const value of VALUES) expect(json).not.toContain(value);
  });
});

describe('redactDecision fails closed', () => {
  it('replaces a field whose detection throws by the marker', () => {
    const r = createRedactor({
      customDetectors: [
        {
          type: 'BOOM',
          detect: (t) => {
            if (t.includes('call')) throw new Error('bug');
            return [];
          },
        },
      ],
    });
    const out = redactDecision(decision(), r);
    expect(out.input.messages[0]!.parts[0]).toEqual({ type: 'text', content: '[REDACTION_FAILED]' });
    expect(out.redaction!.counts.REDACTION_FAILED).toBeGreaterThan(0);
  });
});
