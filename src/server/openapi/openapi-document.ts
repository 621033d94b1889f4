import { MAX_PAGE_SIZE } from '../decision-query.js';
import { SORT_KEYS } from '../decision-filter.js';
import { SCHEMA_VERSION } from '../migrations.js';
import { OPENAPI_SCHEMAS } from './openapi-schemas.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const ndjson = (description: string) => ({ description, content: { 'application/x-ndjson': { schema: { type: 'string' } } } });

const text = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', minLength: 1 } });

/** The list filters, shared by `GET /v1/decisions` and `GET /v1/export`. */
const FILTERS = [
  text('aiSystemId', 'registered AI system id'),
  text('model', 'modelUsed'),
  text('provider', 'provider (gen_ai.provider.name)'),
  { name: 'status', in: 'query', required: false, schema: { enum: ['completed', 'failed'] } },
  text('operation', 'gen_ai.operation.name, e.g. chat, execute_tool, invoke_agent, checkpoint'),
  {
    name: 'from',
    in: 'query',
    required: false,
    description: 'decidedAt at or after: ISO-8601 with offset, a date (midnight UTC) or epoch milliseconds',
    schema: { type: 'string' },
  },
  { name: 'to', in: 'query', required: false, description: 'decidedAt before (exclusive), same forms as from', schema: { type: 'string' } },
  text('chainId', 'one hash chain (one writer)'),
  {
    name: 'humanReview',
    in: 'query',
    required: false,
    description: 'records with (true) or without (false) a human review: humanOversight, or a record whose relatedDecisionId names them',
    schema: { enum: ['true', 'false'] },
  },
  text('redaction', 'a redaction type the record redacted, e.g. EMAIL'),
  text('traceId', 'the records of one trace (an agent run)'),
  text('relatedDecisionId', 'records that review or override this decision'),
  text('action', 'the action taken after the checks: allow, reject, escalate, modify, or an app-defined one'),
  text('firedCheck', 'records where the check of this name fired (checks[].fired = true); * for any fired check'),
];

const UNAUTHORIZED = { '401': error('no credentials'), '403': error('the key is not the one this route needs') };

/** The OpenAPI 3.1 description of the server, built from the same constants the routes use. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'vaxelia decision log (reference server)',
      version: `schema ${SCHEMA_VERSION}`,
      description:
        'Stores AIDecision records, checks their hash chains as they arrive, and serves them to auditors. ' +
        'Two credentials: the ingest key may only POST decisions, the read key may only read.',
    },
    components: {
      securitySchemes: {
        ingestKey: { type: 'http', scheme: 'bearer', description: 'the ingest key (VAXELIA_SERVER_INGEST_KEY)' },
        readKey: { type: 'http', scheme: 'bearer', description: 'the read key (VAXELIA_SERVER_READ_KEY); browsers may send it as the Basic password' },
        readKeyBasic: { type: 'http', scheme: 'basic' },
      },
      schemas: OPENAPI_SCHEMAS,
    },
    paths: {
      '/healthz': {
        get: {
          summary: 'liveness; says only "ok"',
          security: [],
          responses: { '200': { description: 'the server answers', content: { 'text/plain': { schema: { const: 'ok' } } } } },
        },
      },
      '/openapi.json': {
        get: { summary: 'this document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } },
      },
      '/v1/decisions': {
        post: {
          summary: 'store one AIDecision (idempotent on decisionId and Idempotency-Key)',
          security: [{ ingestKey: [] }],
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 512 } }],
          requestBody: { required: true, content: json(ref('AIDecision')) },
          responses: {
            '200': { description: 'stored, or already stored', content: json(ref('IngestResult')) },
            '400': error('invalid body; error.field names the field'),
            ...UNAUTHORIZED,
            '413': error('body too large'),
            '415': error('not JSON'),
          },
        },
        get: {
          summary: 'a page of decisions as received, filtered and sorted; JSON Lines with format=jsonl',
          security: [{ readKey: [] }, { readKeyBasic: [] }],
          parameters: [
            ...FILTERS,
            {
              name: 'sort',
              in: 'query',
              required: false,
              description: 'order; prefix with - for descending',
              schema: { enum: SORT_KEYS.flatMap((k) => [k, `-${k}`]) },
            },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 } },
            { name: 'cursor', in: 'query', required: false, description: 'nextCursor of the previous page', schema: { type: 'string' } },
            { name: 'format', in: 'query', required: false, schema: { enum: ['json', 'jsonl', 'ndjson'] } },
          ],
          responses: {
            '200': {
              description: 'a page (JSON) or the whole selection (JSON Lines)',
              content: { ...json(ref('DecisionPage')), 'application/x-ndjson': { schema: { type: 'string' } } },
            },
            '400': error('an unknown, repeated or malformed query parameter; error.field names it'),
            ...UNAUTHORIZED,
          },
        },
      },
      '/v1/decisions/{decisionId}': {
        get: {
          summary: 'one decision verbatim, with its chain checks and links',
          security: [{ readKey: [] }, { readKeyBasic: [] }],
          parameters: [{ name: 'decisionId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'the decision', content: json(ref('DecisionDetail')) },
            '400': error('a query parameter (this route takes none)'),
            ...UNAUTHORIZED,
            '404': error('no such decision'),
          },
        },
      },
      '/v1/export': {
        get: {
          summary: 'the filtered selection as JSON Lines or an evidence pack that vaxelia-otel verify accepts',
          description:
            'A hash chain verifies from its first record: for each chain the selection touches, its records from seq 0 ' +
            'up to the checkpoint covering the last selected one are included; the evidence pack marks them selected: false.',
          security: [{ readKey: [] }, { readKeyBasic: [] }],
          parameters: [...FILTERS, { name: 'format', in: 'query', required: false, schema: { enum: ['jsonl', 'ndjson', 'evidence'] } }],
          responses: { '200': ndjson('JSON Lines'), '400': error('a bad query parameter'), ...UNAUTHORIZED },
        },
      },
      '/v1/chains': {
        get: {
          summary: 'per chain: count, head, gaps, problems, checkpoints, signature and seal status',
          security: [{ readKey: [] }, { readKeyBasic: [] }],
          parameters: [text('chainId', 'one chain')],
          responses: { '200': { description: 'chains', content: json(ref('ChainList')) }, '400': error('an unknown query parameter'), ...UNAUTHORIZED },
        },
      },
    },
  };
}

let cached: string | undefined;

export function openApiJson(): string {
  cached ??= JSON.stringify(openApiDocument());
  return cached;
}
