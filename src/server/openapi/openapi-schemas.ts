/** JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the server's request and response bodies. */

const hashHex = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const content = { oneOf: [{ type: 'string' }, { type: 'object' }] };

export const OPENAPI_SCHEMAS: Record<string, object> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  AIDecision: {
    description: 'DESIGN.md §4; fields beyond the core are additive.',
    type: 'object',
    required: ['decisionId', 'aiSystemId', 'modelUsed', 'input', 'output', 'status', 'decidedAt'],
    properties: {
      decisionId: { type: 'string', minLength: 1, maxLength: 512 },
      aiSystemId: { type: 'string', minLength: 1, maxLength: 512 },
      modelUsed: { type: 'string', maxLength: 512 },
      input: content,
      output: content,
      status: { enum: ['completed', 'failed'] },
      decidedAt: { type: 'string' },
      operation: { type: 'string' },
      provider: { type: 'string' },
      traceId: { type: 'string' },
      spanId: { type: 'string' },
      relatedDecisionId: { type: 'string' },
      humanOversight: { type: 'object' },
      policyContext: { type: 'object' },
      checks: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            scoreValue: { type: 'number' },
            scoreLabel: { type: 'string' },
            threshold: { type: 'number' },
            fired: { type: 'boolean' },
            explanation: { type: 'string' },
            evaluator: { type: 'string' },
            errorType: { type: 'string' },
          },
        },
      },
      action: { type: 'string', description: 'allow, reject, escalate, modify, or an app-defined action' },
      redaction: { type: 'object', properties: { mode: { type: 'string' }, counts: { type: 'object', additionalProperties: { type: 'number' } } } },
      chainId: { type: 'string', minLength: 1 },
      seq: { type: 'integer', minimum: 0 },
      prevHash: hashHex,
      hash: hashHex,
      signature: { type: 'string' },
    },
    dependentRequired: { chainId: ['seq', 'prevHash', 'hash'] },
  },
  IngestResult: {
    type: 'object',
    required: ['decisionId', 'duplicate'],
    properties: {
      decisionId: { type: 'string' },
      duplicate: { type: 'boolean' },
      chain: {
        type: 'object',
        required: ['link', 'flagged', 'problems'],
        properties: {
          link: { enum: ['ok', 'pending', 'broken-link', 'reordered'] },
          flagged: { type: 'boolean' },
          problems: { type: 'array', items: { enum: ['edited', 'broken-link', 'reordered', 'duplicate', 'bad-checkpoint'] } },
        },
      },
    },
  },
  DecisionPage: {
    type: 'object',
    required: ['decisions', 'nextCursor'],
    properties: {
      decisions: { type: 'array', items: { $ref: '#/components/schemas/AIDecision' } },
      nextCursor: nullable({ type: 'string' }),
    },
    additionalProperties: false,
  },
  IntegrityCheck: {
    type: 'object',
    required: ['check', 'state', 'text'],
    properties: {
      check: { enum: ['hash', 'link', 'seq', 'signature', 'checkpoint', 'seal'] },
      state: { enum: ['ok', 'problem', 'pending', 'note'] },
      text: { type: 'string' },
    },
    additionalProperties: false,
  },
  DecisionDetail: {
    type: 'object',
    required: ['decision', 'integrity', 'chain', 'coveringCheckpoint', 'reviewedBy', 'reviews', 'trace'],
    properties: {
      decision: { $ref: '#/components/schemas/AIDecision' },
      integrity: {
        type: 'object',
        required: ['verdict', 'checks'],
        properties: {
          verdict: { enum: ['ok', 'problem', 'pending', 'unchained'] },
          checks: { type: 'array', items: { $ref: '#/components/schemas/IntegrityCheck' } },
        },
      },
      chain: nullable({
        type: 'object',
        required: ['chainId', 'seq', 'status', 'ok'],
        properties: { chainId: { type: 'string' }, seq: { type: 'integer' }, status: { type: 'string' }, ok: { type: 'boolean' } },
      }),
      coveringCheckpoint: nullable({
        type: 'object',
        required: ['decisionId', 'seq', 'state'],
        properties: { decisionId: { type: 'string' }, seq: { type: 'integer' }, state: nullable({ type: 'string' }) },
      }),
      reviewedBy: { type: 'array', items: { type: 'string' } },
      reviews: nullable({ type: 'string' }),
      trace: nullable({
        type: 'object',
        required: ['traceId', 'decisionIds'],
        properties: { traceId: { type: 'string' }, decisionIds: { type: 'array', items: { type: 'string' } } },
      }),
    },
    additionalProperties: false,
  },
  ChainStatus: {
    type: 'object',
    required: ['chainId', 'count', 'firstSeq', 'head', 'gaps', 'missing', 'problems', 'problemCount', 'sealed', 'ok', 'signedCount', 'afterSeal', 'sources', 'status'],
    properties: {
      chainId: { type: 'string' },
      count: { type: 'integer' },
      firstSeq: { type: 'integer' },
      head: { type: 'object', required: ['seq', 'hash'], properties: { seq: { type: 'integer' }, hash: hashHex } },
      firstDecidedAt: { type: 'string' },
      lastDecidedAt: { type: 'string' },
      gaps: { type: 'array', items: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'integer' }, to: { type: 'integer' } } } },
      missing: { type: 'integer' },
      problems: {
        type: 'array',
        items: {
          type: 'object',
          required: ['seq', 'kind', 'decisionId'],
          properties: {
            seq: { type: 'integer' },
            kind: { enum: ['edited', 'broken-link', 'reordered', 'duplicate', 'bad-checkpoint'] },
            decisionId: { type: 'string' },
          },
        },
      },
      problemCount: { type: 'integer' },
      lastCheckpoint: { type: 'object', required: ['at', 'state', 'seq', 'firstSeq', 'merkleRoot'] },
      sealed: { type: 'boolean' },
      ok: { type: 'boolean' },
      signedCount: { type: 'integer' },
      lastFinalAt: { type: 'integer' },
      afterSeal: { type: 'integer' },
      sources: {
        type: 'array',
        items: {
          type: 'object',
          required: ['aiSystemId', 'service', 'instance', 'count'],
          properties: { aiSystemId: { type: 'string' }, service: { type: 'string' }, instance: { type: 'string' }, count: { type: 'integer' } },
        },
      },
      status: { type: 'string' },
    },
    additionalProperties: false,
  },
  ChainList: {
    type: 'object',
    required: ['ok', 'chains'],
    properties: { ok: { type: 'boolean' }, chains: { type: 'array', items: { $ref: '#/components/schemas/ChainStatus' } } },
    additionalProperties: false,
  },
};
