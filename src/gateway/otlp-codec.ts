import { countJsonContainers, countProtobufItems, MAX_JSON_CONTAINERS } from './body-limits.js';
import { otlpTypes } from './proto/otlp-types.js';
import { MalformedRequestError } from './otlp-span.js';

/** The request would decode into more than the limits allow (answered 413). */
export class RequestTooLargeError extends Error {
  override name = 'RequestTooLargeError' as const;
}

/** The two OTLP/HTTP encodings; a response always uses the request's. */
export type OtlpEncoding = 'protobuf' | 'json';
export type Signal = 'traces' | 'logs';

type Raw = Record<string, unknown>;

/** `application/x-protobuf` or `application/json` (parameters such as charset ignored); else `undefined`. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

export function contentTypeOf(encoding: OtlpEncoding): string {
  return encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json';
}

/**
 * Decodes an export request into plain field access (protobufjs messages and parsed JSON share
 * the camelCase field names; ids and 64-bit integers are told apart by the readers). Throws
 * {@link MalformedRequestError} with a short, content-free message.
 */
export function decodeRequest(signal: Signal, encoding: OtlpEncoding, body: Buffer, maxItems: number): Raw {
  const what = signal === 'traces' ? 'spans' : 'log records';
  if (encoding === 'json') {
    if (countJsonContainers(body, MAX_JSON_CONTAINERS) > MAX_JSON_CONTAINERS) {
      throw new RequestTooLargeError(`JSON body holds more than ${MAX_JSON_CONTAINERS} objects and arrays`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new MalformedRequestError('body is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new MalformedRequestError(`body is not an OTLP JSON Export${signal === 'traces' ? 'Trace' : 'Logs'}ServiceRequest object`);
    return parsed as Raw;
  }
  const type = signal === 'traces' ? otlpTypes().traceRequest : otlpTypes().logsRequest;
  let items: number;
  try {
    items = countProtobufItems(body);
  } catch {
    throw new MalformedRequestError('protobuf body is truncated or invalid');
  }
  if (items > maxItems) throw new RequestTooLargeError(`${items} ${what} in one request; at most ${maxItems}`);
  try {
    return type.decode(body) as unknown as Raw;
  } catch (error) {
    // protobufjs: truncated / invalid wire data (RangeError or ProtocolError); deep nesting overflows the stack.
    const reason = error instanceof RangeError && /call stack/i.test(error.message) ? 'nested too deeply' : 'truncated or invalid';
    throw new MalformedRequestError(`protobuf body is ${reason}`);
  }
}

/** `ExportTraceServiceResponse` / `ExportLogsServiceResponse`, with `partial_success` when something was rejected. */
export function encodeExportResponse(signal: Signal, encoding: OtlpEncoding, rejected: number, errorMessage?: string): Buffer {
  const partial =
    rejected > 0 || errorMessage
      ? signal === 'traces'
        ? { rejectedSpans: rejected, errorMessage: errorMessage ?? '' }
        : { rejectedLogRecords: rejected, errorMessage: errorMessage ?? '' }
      : undefined;
  if (encoding === 'json') {
    if (!partial) return Buffer.from('{}');
    // int64 is a decimal string in the protobuf JSON mapping.
    const count = signal === 'traces' ? { rejectedSpans: String(rejected) } : { rejectedLogRecords: String(rejected) };
    return Buffer.from(JSON.stringify({ partialSuccess: { ...count, errorMessage: errorMessage ?? '' } }));
  }
  const type = signal === 'traces' ? otlpTypes().traceResponse : otlpTypes().logsResponse;
  return Buffer.from(type.encode(type.fromObject(partial ? { partialSuccess: partial } : {})).finish());
}

/** google.rpc.Status: the body of an OTLP/HTTP error response. */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const type = otlpTypes().status;
  return Buffer.from(type.encode(type.fromObject({ code, message })).finish());
}
