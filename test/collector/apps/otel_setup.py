"""OpenTelemetry SDK wiring shared by the Python apps of the Collector end-to-end suite.

What an app in production does: a TracerProvider and a LoggerProvider, each with a batch processor
and the OTLP/HTTP exporter pointed at the Collector (OTEL_EXPORTER_OTLP_ENDPOINT), then an
instrumentation. No vaxelia code runs in the app: the decisions are made behind the Collector.
"""

import os

from opentelemetry import _logs, trace
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def start_sdk(service_name: str) -> tuple[TracerProvider, LoggerProvider]:
    endpoint = os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"].rstrip("/")
    resource = Resource.create({"service.name": service_name})
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")))
    trace.set_tracer_provider(tracer_provider)
    logger_provider = LoggerProvider(resource=resource)
    logger_provider.add_log_record_processor(BatchLogRecordProcessor(OTLPLogExporter(endpoint=f"{endpoint}/v1/logs")))
    _logs.set_logger_provider(logger_provider)
    return tracer_provider, logger_provider


def stop_sdk(tracer_provider: TracerProvider, logger_provider: LoggerProvider) -> None:
    """Exports everything still batched before the process exits (what a clean shutdown does)."""
    logger_provider.force_flush()
    tracer_provider.force_flush()
    logger_provider.shutdown()
    tracer_provider.shutdown()
