"""A Python app instrumented with OpenLLMetry's OpenAI instrumentation (traceloop's
`opentelemetry-instrumentation-openai`), which records prompts and completions on the span itself
(TRACELOOP_TRACE_CONTENT, on by default)."""

from chat_calls import main
from opentelemetry.instrumentation.openai import OpenAIInstrumentor


def instrument(tracer_provider, logger_provider) -> None:
    OpenAIInstrumentor().instrument(tracer_provider=tracer_provider)


if __name__ == "__main__":
    main("python-openllmetry", instrument)
