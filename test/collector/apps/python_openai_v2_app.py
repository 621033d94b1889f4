"""A Python app instrumented with the official OpenTelemetry GenAI instrumentation for OpenAI
(`opentelemetry-instrumentation-openai-v2`). With OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT
set to true it emits the messages as log events (gen_ai.user.message, gen_ai.choice, ...) beside the
span, which the Collector ships in its logs pipeline and the gateway joins to the span's decision."""

from chat_calls import main
from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor


def instrument(tracer_provider, logger_provider) -> None:
    OpenAIInstrumentor().instrument(tracer_provider=tracer_provider, logger_provider=logger_provider)


if __name__ == "__main__":
    main("python-openai-v2", instrument)
