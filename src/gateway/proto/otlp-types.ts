import protobuf from 'protobufjs';
import { OTLP_SCHEMA } from './otlp-schema.js';

/** A protobufjs message type: decode / encode are generated once per type and reused. */
export type MessageType = protobuf.Type;

export interface OtlpTypes {
  traceRequest: MessageType;
  traceResponse: MessageType;
  logsRequest: MessageType;
  logsResponse: MessageType;
  status: MessageType;
}

let types: OtlpTypes | undefined;

/** The OTLP message types, built once on first use (not at import). */
export function otlpTypes(): OtlpTypes {
  if (types) return types;
  const root = protobuf.Root.fromJSON(OTLP_SCHEMA);
  types = {
    traceRequest: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    traceResponse: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    logsRequest: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    logsResponse: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
    status: root.lookupType('google.rpc.Status'),
  };
  return types;
}
