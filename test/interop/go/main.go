// Command interop re-checks this project's checkpoint notes with Go's own transparency-log packages,
// golang.org/x/mod/sumdb/note (signed notes) and golang.org/x/mod/sumdb/tlog (RFC 6962 trees),
// sharing no code with the project:
//
//	interop <vkey> <log.jsonl> <chainId>
//	interop note <vkey> <note-file>
//
// The second form opens one note, e.g. what `vaxelia-otel checkpoint` printed, and prints its text.
//
// For each checkpoint record of the chain that carries a note, in seq order: note.Open verifies the
// signature with the verifier key; the checkpoint text (origin, size, root) is parsed; the tree of
// the chain's record hashes (seq order from 0, tlog.RecordHash of the 32 raw bytes) of that size
// must have that root (tlog.TreeHash); and each note's tree must be consistent with the previous
// one (tlog.ProveTree + tlog.CheckTree). Prints "ok <notes> notes, tree size <n>" or fails.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type record struct {
	ChainID    string `json:"chainId"`
	Seq        int64  `json:"seq"`
	Hash       string `json:"hash"`
	Checkpoint *struct {
		Seq  int64  `json:"seq"`
		Note string `json:"note"`
	} `json:"checkpoint"`
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "interop: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "note" {
		openOne(os.Args[2], os.Args[3])
		return
	}
	if len(os.Args) != 4 {
		fail("usage: interop <vkey> <log.jsonl> <chainId>")
	}
	verifier, err := note.NewVerifier(os.Args[1])
	if err != nil {
		fail("verifier key: %v", err)
	}
	file, err := os.Open(os.Args[2])
	if err != nil {
		fail("%v", err)
	}
	var records []record
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	for scanner.Scan() {
		var r record
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			fail("line is not a record: %v", err)
		}
		if r.ChainID == os.Args[3] {
			records = append(records, r)
		}
	}
	sort.Slice(records, func(i, j int) bool { return records[i].Seq < records[j].Seq })

	// The tree of every record hash, stored as tlog stores it.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, r := range records {
		raw, err := hex.DecodeString(r.Hash)
		if err != nil || len(raw) != 32 {
			fail("seq %d: hash is not 32 bytes of hex", r.Seq)
		}
		hashes, err := tlog.StoredHashes(int64(i), raw, reader)
		if err != nil {
			fail("%v", err)
		}
		stored = append(stored, hashes...)
	}

	notes := 0
	var prevSize int64
	var prevRoot tlog.Hash
	for _, r := range records {
		if r.Checkpoint == nil || r.Checkpoint.Note == "" {
			continue
		}
		n, err := note.Open([]byte(r.Checkpoint.Note), note.VerifierList(verifier))
		if err != nil {
			fail("note at seq %d: %v", r.Seq, err)
		}
		lines := strings.Split(n.Text, "\n")
		if len(lines) < 4 || lines[0] != verifier.Name() {
			fail("note at seq %d: origin %q is not the key name %q", r.Seq, lines[0], verifier.Name())
		}
		size, err := strconv.ParseInt(lines[1], 10, 64)
		if err != nil {
			fail("note at seq %d: size: %v", r.Seq, err)
		}
		rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
		if err != nil || len(rootBytes) != 32 {
			fail("note at seq %d: root is not base64 of 32 bytes", r.Seq)
		}
		var root tlog.Hash
		copy(root[:], rootBytes)
		if size > int64(len(records)) {
			fail("note at seq %d: tree size %d, only %d records", r.Seq, size, len(records))
		}
		computed, err := tlog.TreeHash(size, reader)
		if err != nil || computed != root {
			fail("note at seq %d: root %s, the records give %s", r.Seq, root, computed)
		}
		if notes > 0 {
			proof, err := tlog.ProveTree(size, prevSize, reader)
			if err != nil {
				fail("note at seq %d: %v", r.Seq, err)
			}
			if err := tlog.CheckTree(proof, size, root, prevSize, prevRoot); err != nil {
				fail("note at seq %d: not consistent with the previous note: %v", r.Seq, err)
			}
		}
		prevSize, prevRoot = size, root
		notes++
	}
	if notes == 0 {
		fail("no checkpoint notes for chain %s", os.Args[3])
	}
	fmt.Printf("ok %d notes, tree size %d\n", notes, prevSize)
}

func openOne(vkey, path string) {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	msg, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("note: %v", err)
	}
	fmt.Print(n.Text)
}
