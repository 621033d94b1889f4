"""verify side by side with the verifiers people would otherwise use, in one run on one machine:
@vaxelia/ai-otel (`vaxelia-otel verify`, the built CLI), PyPI ai-audit-trail (`verify_chain`) and
PyPI cendor-acttrace (`verify`). Run by bench/chain/peers.sh, which installs the peers into an
ignored venv.

    python peers.py <records> <node> <cli.js> <write-log.mjs>

Each tool writes a signed chain of <records> records with its own writer, then each verifier runs on
it (best of 3, whole call: reading the file, parsing, checking). Then the same six attacks on each
tool's own log by someone who can write the file but has no signing key, and whether the tool's
verifier (with the public key / HMAC key, nothing else) reports it:
edit one field; delete a record; insert a forged record; reorder two records; cut the tail; edit and
re-sign the whole chain with another key.
"""
import base64
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

import nacl.signing
from ai_audit import verify_chain
from ai_audit.models import DecisionReceipt
from cendor.acttrace import AuditLog
from cendor.acttrace import verify as acttrace_verify

N = int(sys.argv[1])
NODE, CLI, WRITE_LOG = sys.argv[2], sys.argv[3], sys.argv[4]
work = tempfile.mkdtemp(prefix="vaxelia-peers-")
ATTACKS = ["edit", "delete", "insert", "reorder", "truncated tail", "re-signed, other key"]


def best_of(fn, runs=3):
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        ok = fn()
        best = min(best, time.perf_counter() - t0)
    return best, ok


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


# --- @vaxelia/ai-otel -------------------------------------------------------------------------
seed = bytes(range(32))
other_seed = bytes(range(1, 33))
ours = os.path.join(work, "ours.jsonl")
subprocess.run([NODE, WRITE_LOG, str(N), ours, base64.b64encode(seed).decode()], check=True)
public_key = base64.b64encode(bytes(nacl.signing.SigningKey(seed).verify_key)).decode()


def ours_verify(path, *extra):
    r = subprocess.run([NODE, CLI, "verify", path, f"--public-key={public_key}", "--signatures=checkpoints", *extra], capture_output=True, text=True)
    if r.returncode == 2:
        raise RuntimeError(r.stderr)
    return r.returncode == 0


def ours_attacks():
    lines = open(ours, encoding="utf-8").read().splitlines()
    records = [json.loads(l) for l in lines]
    k = len(records) // 2
    out = {}
    t = copy.deepcopy(records); t[k]["modelUsed"] = "edited"
    out["edit"] = t
    out["delete"] = records[:k] + records[k + 1:]
    forged = copy.deepcopy(records[k]); forged["modelUsed"] = "forged"
    out["insert"] = records + [forged]
    t = copy.deepcopy(records); t[k]["seq"], t[k + 1]["seq"] = t[k + 1]["seq"], t[k]["seq"]
    out["reorder"] = t
    out["truncated tail"] = records[:-10]
    # A full rewrite with the attacker's key: every hash recomputed by the project's own writer rules.
    resigned = os.path.join(work, "ours-resigned.jsonl")
    subprocess.run([NODE, WRITE_LOG, str(N), resigned, base64.b64encode(other_seed).decode()], check=True)
    out["re-signed, other key"] = [json.loads(l) for l in open(resigned, encoding="utf-8").read().splitlines()]
    result = {}
    for name, recs in out.items():
        path = os.path.join(work, f"ours-{name.replace(' ', '-').replace(',', '')}.jsonl")
        write_lines(path, [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in recs])
        detected = not ours_verify(path)
        if name == "truncated tail" and not detected:
            detected = "only with --require-sealed" if not ours_verify(path, "--require-sealed") else False
        result[name] = detected
    return result


# --- ai-audit-trail ---------------------------------------------------------------------------
sk = nacl.signing.SigningKey(seed)
other_sk = nacl.signing.SigningKey(other_seed)


def audit_receipts(key):
    receipts, prev = [], ""
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(N):
        r = DecisionReceipt(timestamp=t0 + timedelta(seconds=i), trace_id=f"{i:032x}", tenant_id="t", model_id="gpt-4o-mini",
                            input_c14n=f"{i:064x}", output_hash=f"{i:064x}", reason_codes=["stop"], prev_receipt_hash=prev)
        r.seal(key)
        prev = r.receipt_hash
        receipts.append(r)
    return receipts


audit_path = os.path.join(work, "audit.jsonl")
write_lines(audit_path, [r.model_dump_json() for r in audit_receipts(sk)])
audit_pub = bytes(sk.verify_key).hex()


def audit_verify(path):
    receipts = [DecisionReceipt.model_validate_json(l) for l in open(path, encoding="utf-8") if l.strip()]
    return verify_chain(receipts, audit_pub).valid


def audit_attacks():
    receipts = [DecisionReceipt.model_validate_json(l) for l in open(audit_path, encoding="utf-8")]
    k = len(receipts) // 2
    out = {}
    t = [r.model_copy(deep=True) for r in receipts]; t[k].model_id = "edited"
    out["edit"] = t
    out["delete"] = receipts[:k] + receipts[k + 1:]
    forged = receipts[k].model_copy(deep=True); forged.model_id = "forged"; forged.receipt_id = "f" * 32
    out["insert"] = receipts + [forged]
    t = [r.model_copy(deep=True) for r in receipts]; t[k].timestamp, t[k + 1].timestamp = t[k + 1].timestamp, t[k].timestamp
    out["reorder"] = t
    out["truncated tail"] = receipts[:-10]
    out["re-signed, other key"] = audit_receipts(other_sk)
    result = {}
    for name, recs in out.items():
        path = os.path.join(work, "audit-attack.jsonl")
        write_lines(path, [r.model_dump_json() for r in recs])
        result[name] = not audit_verify(path)
    return result


# --- cendor-acttrace --------------------------------------------------------------------------
HMAC_KEY = "bench-signing-key"


def acttrace_log(path, key):
    log = AuditLog(system="support", path=path, signing_key=key, redact=False)
    for i in range(N):
        with log.decision(input=f"My order {i} has not arrived") as d:
            d.record(model="gpt-4o-mini", output=f"I checked order {i}: it ships tomorrow.")
    return log


act_path = os.path.join(work, "acttrace.jsonl")
acttrace_log(act_path, HMAC_KEY)
act_lines = open(act_path, encoding="utf-8").read().splitlines()


def act_verify(path):
    return acttrace_verify(path, key=HMAC_KEY)[0]


def act_attacks():
    entries = [json.loads(l) for l in act_lines]
    k = len(entries) // 2
    out = {}
    t = copy.deepcopy(entries); t[k]["payload"]["edited"] = True
    out["edit"] = t
    out["delete"] = entries[:k] + entries[k + 1:]
    forged = copy.deepcopy(entries[k]); forged["payload"]["forged"] = True
    out["insert"] = entries[: k + 1] + [forged] + entries[k + 1:]
    t = copy.deepcopy(entries); t[k], t[k + 1] = t[k + 1], t[k]
    out["reorder"] = t
    out["truncated tail"] = entries[:-10]
    other = os.path.join(work, "acttrace-other.jsonl")
    acttrace_log(other, "attacker-key")
    out["re-signed, other key"] = [json.loads(l) for l in open(other, encoding="utf-8").read().splitlines()]
    result = {}
    for name, recs in out.items():
        path = os.path.join(work, "act-attack.jsonl")
        write_lines(path, [json.dumps(r, separators=(",", ":")) for r in recs])
        result[name] = not act_verify(path)
    return result


rows = []
for name, path, verify, attacks, note in [
    ("@vaxelia/ai-otel `vaxelia-otel verify`", ours, lambda: ours_verify(ours), ours_attacks, "whole CLI process (node start, worker threads), Ed25519 at checkpoints + tail, notes"),
    ("ai-audit-trail 0.4.7 `verify_chain`", audit_path, lambda: audit_verify(audit_path), audit_attacks, "in-process: parse receipts + verify (Ed25519 every receipt)"),
    ("cendor-acttrace 1.14.0 `verify`", act_path, lambda: act_verify(act_path), act_attacks, "in-process: read file + verify (HMAC every entry)"),
]:
    count = sum(1 for l in open(path, encoding="utf-8") if l.strip())
    seconds, ok = best_of(verify)
    if not ok:
        raise SystemExit(f"{name}: its own intact log does not verify")
    rows.append((name, count, count / seconds, attacks(), note))

fastest_peer = max(r[2] for r in rows[1:])
print(f"| verifier | records | records/s | vs fastest peer | {' | '.join(ATTACKS)} | how it was timed |")
print(f"|---|---:|---:|---:|{'---|' * len(ATTACKS)}---|")
for name, count, rate, attacks, note in rows:
    cells = ["yes" if attacks[a] is True else ("no" if attacks[a] is False else attacks[a]) for a in ATTACKS]
    print(f"| {name} | {count:,} | {rate:,.0f} | {rate / fastest_peer:.2f}× | {' | '.join(cells)} | {note} |")
