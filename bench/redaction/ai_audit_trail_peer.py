"""The PII stripping of the Python `ai-audit-trail` package (PyPI), run on the texts the Node bench
gives it, one supported type at a time: its spans and its CPU time.

    python ai_audit_trail_peer.py < request.json > response.json

request: {"texts": [...], "types": ["EMAIL", ...], "passes": 5}
response: {"version": "...", "types": {TYPE: {"spans": [[[start, end], ...] per text], "seconds": [...],
          "selfCheck": mismatches}}}

`obfuscate_text` replaces the matches of one compiled regex per type with `[TYPE]`; with one type
enabled that is `pattern.sub`, whose matches are exactly `pattern.finditer` over the original text.
The spans are taken that way, and the self-check rebuilds `obfuscate_text`'s output from them.
Offsets are converted from code points (Python) to UTF-16 code units (JavaScript).
"""

import json
import statistics
import sys
import time
from importlib.metadata import version

from ai_audit import pii
from ai_audit.pii import PiiConfig, PiiMode, PiiType, obfuscate_text


def utf16_offsets(text):
    """Code point index -> UTF-16 code unit index, for every index 0..len(text)."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return out


def main():
    request = json.load(sys.stdin)
    texts = request["texts"]
    passes = request.get("passes", 5)
    result = {"version": version("ai-audit-trail"), "types": {}}
    for name in request["types"]:
        pii_type = PiiType[name]
        config = PiiConfig(enabled_types=frozenset({pii_type}), mode=PiiMode.REDACT)
        pattern = pii._COMPILED[pii_type]
        spans = []
        mismatches = 0
        for text in texts:
            units = utf16_offsets(text)
            matches = list(pattern.finditer(text))
            spans.append([[units[m.start()], units[m.end()]] for m in matches])
            rebuilt, last = [], 0
            for m in matches:
                rebuilt.append(text[last : m.start()])
                rebuilt.append(f"[{name}]")
                last = m.end()
            rebuilt.append(text[last:])
            if "".join(rebuilt) != obfuscate_text(text, config):
                mismatches += 1
        seconds = []
        for _ in range(passes):
            start = time.process_time()
            for text in texts:
                obfuscate_text(text, config)
            seconds.append(time.process_time() - start)
        result["types"][name] = {"spans": spans, "seconds": seconds, "median": statistics.median(seconds), "selfCheck": mismatches}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
