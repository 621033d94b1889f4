"""A third party's check of a @vaxelia/ai-otel decision log, written from docs/DESIGN.md §5.1
alone: the Python standard library plus the `rfc8785` package (RFC 8785 JSON canonicalization).

    python verify_chain.py <log.jsonl> <chainId> [<base64 raw Ed25519 public key>]

Checks, for one chain: seqs from 0 (seqs a chain_skip record explains may be absent), links, every
record hash (SHA-256 of prevHash + JCS of the record without hash and signature), each checkpoint's
range hash and Merkle root, and each checkpoint note: origin, tree size, root (RFC 6962 over the
record hashes in seq order from 0), signature line form, and — with a public key — the key ID.
The Ed25519 signature itself is not checked here: the standard library has no Ed25519 (the Go
check does that with golang.org/x/mod/sumdb/note). Prints "ok ..." and exits 0, or lists problems
and exits 1.
"""
import base64
import hashlib
import json
import sys

import rfc8785

GENESIS = "0" * 64


def leaf_hash(record_hash_hex):
    return hashlib.sha256(b"\x00" + bytes.fromhex(record_hash_hex)).digest()


def tree_hash(leaves):
    """RFC 6962 Merkle Tree Hash over leaf hashes."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + tree_hash(leaves[:k]) + tree_hash(leaves[k:])).digest()


def record_hash(record):
    body = {k: v for k, v in record.items() if k not in ("hash", "signature")}
    return hashlib.sha256(record["prevHash"].encode("utf-8") + rfc8785.dumps(body)).hexdigest()


def main(argv):
    path, chain_id = argv[1], argv[2]
    public_key = base64.b64decode(argv[3]) if len(argv) > 3 else None
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    records = sorted((r for r in records if r.get("chainId") == chain_id), key=lambda r: r["seq"])
    problems = []
    skipped = set()
    for r in records:
        if r.get("operation") == "chain_skip":
            skipped.update(range(r["skipped"]["fromSeq"], r["skipped"]["toSeq"] + 1))

    expected, prev = 0, GENESIS
    for r in records:
        while expected in skipped and expected < r["seq"]:
            expected += 1
        if r["seq"] != expected:
            problems.append(f"seq {expected}: missing (next record is seq {r['seq']})")
        if r["prevHash"] != prev:
            problems.append(f"seq {r['seq']}: prevHash is not the hash of the record before")
        if record_hash(r) != r["hash"]:
            problems.append(f"seq {r['seq']}: hash does not match the content")
        prev, expected = r["hash"], r["seq"] + 1

    by_seq = {r["seq"]: r for r in records}
    order = [r["seq"] for r in records]
    notes = 0
    for r in records:
        cp = r.get("checkpoint") if r.get("operation") == "checkpoint" else None
        if not cp:
            continue
        covered = [by_seq[s]["hash"] for s in range(cp["firstSeq"], cp["seq"] + 1) if s in by_seq]
        if by_seq.get(cp["seq"], {}).get("hash") != cp["hash"]:
            problems.append(f"seq {r['seq']}: checkpoint hash is not the hash of seq {cp['seq']}")
        if tree_hash([leaf_hash(h) for h in covered]).hex() != cp["merkleRoot"]:
            problems.append(f"seq {r['seq']}: checkpoint merkleRoot does not match seqs {cp['firstSeq']}..{cp['seq']}")
        note = cp.get("note")
        if note is None:
            continue
        notes += 1
        text, _, signatures = note.partition("\n\n")
        origin, size, root = text.split("\n")[:3]
        leaves = [leaf_hash(by_seq[s]["hash"]) for s in order if s <= cp["seq"]]
        if int(size) != len(leaves):
            problems.append(f"seq {r['seq']}: note tree size {size}, the records give {len(leaves)}")
        elif base64.b64decode(root) != tree_hash(leaves):
            problems.append(f"seq {r['seq']}: note root does not match the records")
        lines = signatures.rstrip("\n").split("\n")
        ours = [l for l in lines if l.startswith("\u2014 " + origin + " ")]
        if not ours:
            problems.append(f"seq {r['seq']}: no signature line with key name = origin {origin}")
        elif public_key is not None:
            key_id = hashlib.sha256(origin.encode() + b"\n" + b"\x01" + public_key).digest()[:4]
            sig = base64.b64decode(ours[0].split(" ")[2])
            if sig[:4] != key_id or len(sig) != 4 + 64:
                problems.append(f"seq {r['seq']}: note signature is not by this key (key ID)")

    if not records:
        problems.append(f"no records for chain {chain_id}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"ok {len(records)} records, {notes} notes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
