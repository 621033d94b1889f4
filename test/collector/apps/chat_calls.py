"""The model calls every Python app makes: real `openai` client calls against the local stand-in.

Each prompt carries an e-mail address and a phone number, so the test can check that both are
redacted in the decision. Prints one JSON line per call (its response id), then `done`.
"""

import json
import os
import sys

from openai import OpenAI


def run_calls(app: str) -> None:
    client = OpenAI(base_url=os.environ["OPENAI_BASE_URL"], api_key="sk-local-stand-in", max_retries=0)
    calls = int(os.environ.get("APP_CALLS", "3"))
    run = os.environ.get("APP_RUN_ID", "run")
    for n in range(calls):
        prompt = (
            f"[{app} {run} call {n}] Please contact jane.doe{n}@example.com or +1 415 555 01{n:02d} "
            "about the overdraft on her account."
        )
        stream = n % 3 == 2  # one call in three streams (chunks, then usage in the last one)
        if stream:
            chunks = client.chat.completions.create(
                model="gpt-4o-mini",
                messages=[{"role": "system", "content": "You are a bank assistant."}, {"role": "user", "content": prompt}],
                stream=True,
                stream_options={"include_usage": True},
            )
            response_id = None
            for chunk in chunks:
                response_id = chunk.id
        else:
            completion = client.chat.completions.create(
                model="gpt-4o-mini",
                messages=[{"role": "system", "content": "You are a bank assistant."}, {"role": "user", "content": prompt}],
            )
            response_id = completion.id
        print(json.dumps({"call": n, "responseId": response_id, "stream": stream}), flush=True)


def main(app: str, instrument) -> None:
    from otel_setup import start_sdk, stop_sdk

    tracer_provider, logger_provider = start_sdk(app)
    instrument(tracer_provider, logger_provider)
    try:
        run_calls(app)
    finally:
        stop_sdk(tracer_provider, logger_provider)
    print("done", flush=True)
    sys.exit(0)
