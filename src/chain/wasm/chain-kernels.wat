;; The loops of `vaxelia-otel verify` that JavaScript runs slowly, as WebAssembly (no dependency:
;; V8 compiles it). Source of `chain-kernels-binary.ts`: `node scripts/build-wasm.mjs` regenerates
;; it, and a test fails when the two differ.
;;
;; - `scanLine` / `hashInput`: a JSON line (UTF-8 bytes) in the chain writer's form, checked and
;;   its chain fields found in one pass (writer-line.ts does the same in JavaScript, and decides
;;   every line this declines: anything unusual is declined, never judged here).
;; - `merkleReset` / `merkleAdd` / `merkleRoot`: RFC 9162 §2.1.1 Merkle Tree Hash over 32-byte
;;   digests — leaf SHA-256(0x00 ‖ d), node SHA-256(0x01 ‖ left ‖ right) — on a frontier of perfect
;;   subtrees (a binary counter). Inputs of 33 and 65 bytes are where a native SHA-256 call costs
;;   most per byte: its fixed cost is twice that of one compression here.
;;
;; Memory layout (page 0 is the kernels' own; callers pass data from INPUT on):
;;      0    256  SHA-256 round constants K (little-endian words)
;;    256    256  message schedule W[0..63]
;;    512     64  message block (bytes)
;;    640     32  hash state H[0..7]
;;    672     32  initial hash value
;;   1024   2048  frontier: up to 64 digests (bytes), left to right
;;   3072     32  where callers have a root written (merkleRoot's $dst must not be the block)
;;   3200     64  scanLine's findings (see there)
;;   3328     80  top-level member names scanLine looks for
;;   4096   1024  scanLine's container stack: 16 bytes per level (+0 object?, +4/+8 previous name)
;;   5120     16  the same for the record's own members
;;  65536      …  INPUT: the caller's data
(module
  (memory (export "memory") 2)
  (data (i32.const 0)
    "\98\2f\8a\42\91\44\37\71\cf\fb\c0\b5\a5\db\b5\e9\5b\c2\56\39\f1\11\f1\59\a4\82\3f\92\d5\5e\1c\ab"
    "\98\aa\07\d8\01\5b\83\12\be\85\31\24\c3\7d\0c\55\74\5d\be\72\fe\b1\de\80\a7\06\dc\9b\74\f1\9b\c1"
    "\c1\69\9b\e4\86\47\be\ef\c6\9d\c1\0f\cc\a1\0c\24\6f\2c\e9\2d\aa\84\74\4a\dc\a9\b0\5c\da\88\f9\76"
    "\52\51\3e\98\6d\c6\31\a8\c8\27\03\b0\c7\7f\59\bf\f3\0b\e0\c6\47\91\a7\d5\51\63\ca\06\67\29\29\14"
    "\85\0a\b7\27\38\21\1b\2e\fc\6d\2c\4d\13\0d\38\53\54\73\0a\65\bb\0a\6a\76\2e\c9\c2\81\85\2c\72\92"
    "\a1\e8\bf\a2\4b\66\1a\a8\70\8b\4b\c2\a3\51\6c\c7\19\e8\92\d1\24\06\99\d6\85\35\0e\f4\70\a0\6a\10"
    "\16\c1\a4\19\08\6c\37\1e\4c\77\48\27\b5\bc\b0\34\b3\0c\1c\39\4a\aa\d8\4e\4f\ca\9c\5b\f3\6f\2e\68"
    "\ee\82\8f\74\6f\63\a5\78\14\78\c8\84\08\02\c7\8c\fa\ff\be\90\eb\6c\50\a4\f7\a3\f9\be\f2\78\71\c6")
  (data (i32.const 3328) "seqhashchainIdprevHashdecidedAtoperationsignaturecheckpointvaxeliaEvidencePack")
  (data (i32.const 672)
    "\67\e6\09\6a\85\ae\67\bb\72\f3\6e\3c\3a\f5\4f\a5\7f\52\0e\51\8c\68\05\9b\ab\d9\83\1f\19\cd\e0\5b")

  ;; Whether the string $string last read holds an escape or non-ASCII (a name compared as bytes
  ;; would not sort as UTF-16 code units do).
  (global $escaped (mut i32) (i32.const 0))
  ;; Subtrees on the frontier, and leaves added since merkleReset.
  (global $top (mut i32) (i32.const 0))
  (global $leaves (mut i32) (i32.const 0))

  ;; ---- SHA-256 ---------------------------------------------------------------------------------

  ;; A word of big-endian bytes as loaded little-endian, in its big-endian value (and back).
  (func $bswap (param $x i32) (result i32)
    (i32.or
      (i32.and (i32.rotl (local.get $x) (i32.const 8)) (i32.const 0x00ff00ff))
      (i32.and (i32.rotr (local.get $x) (i32.const 8)) (i32.const 0xff00ff00))))

  ;; H += compress(block): FIPS 180-4 §6.2.2. Loop counters are byte offsets (4 per word).
  (func $compress
    (local $t i32) (local $x i32) (local $y i32) (local $t1 i32) (local $t2 i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32)
    (loop $words
      (i32.store offset=256 (local.get $t) (call $bswap (i32.load offset=512 (local.get $t))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $words (i32.lt_u (local.get $t) (i32.const 64))))
    ;; W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]
    (loop $schedule
      (local.set $x (i32.load offset=196 (local.get $t)))
      (local.set $y (i32.load offset=248 (local.get $t)))
      (i32.store offset=256 (local.get $t)
        (i32.add
          (i32.add (i32.load offset=192 (local.get $t))
            (i32.xor (i32.xor (i32.rotr (local.get $x) (i32.const 7)) (i32.rotr (local.get $x) (i32.const 18)))
                     (i32.shr_u (local.get $x) (i32.const 3))))
          (i32.add (i32.load offset=228 (local.get $t))
            (i32.xor (i32.xor (i32.rotr (local.get $y) (i32.const 17)) (i32.rotr (local.get $y) (i32.const 19)))
                     (i32.shr_u (local.get $y) (i32.const 10))))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $schedule (i32.lt_u (local.get $t) (i32.const 256))))
    (local.set $a (i32.load offset=640 (i32.const 0)))
    (local.set $b (i32.load offset=644 (i32.const 0)))
    (local.set $c (i32.load offset=648 (i32.const 0)))
    (local.set $d (i32.load offset=652 (i32.const 0)))
    (local.set $e (i32.load offset=656 (i32.const 0)))
    (local.set $f (i32.load offset=660 (i32.const 0)))
    (local.set $g (i32.load offset=664 (i32.const 0)))
    (local.set $h (i32.load offset=668 (i32.const 0)))
    (local.set $t (i32.const 0))
    (loop $rounds
      ;; T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t];  T2 = Σ0(a) + Maj(a, b, c)
      (local.set $t1
        (i32.add
          (i32.add (local.get $h)
            (i32.xor (i32.xor (i32.rotr (local.get $e) (i32.const 6)) (i32.rotr (local.get $e) (i32.const 11)))
                     (i32.rotr (local.get $e) (i32.const 25))))
          (i32.add
            (i32.xor (local.get $g) (i32.and (local.get $e) (i32.xor (local.get $f) (local.get $g))))
            (i32.add (i32.load offset=0 (local.get $t)) (i32.load offset=256 (local.get $t))))))
      (local.set $t2
        (i32.add
          (i32.xor (i32.xor (i32.rotr (local.get $a) (i32.const 2)) (i32.rotr (local.get $a) (i32.const 13)))
                   (i32.rotr (local.get $a) (i32.const 22)))
          (i32.or (i32.and (local.get $a) (local.get $b)) (i32.and (local.get $c) (i32.or (local.get $a) (local.get $b))))))
      (local.set $h (local.get $g))
      (local.set $g (local.get $f))
      (local.set $f (local.get $e))
      (local.set $e (i32.add (local.get $d) (local.get $t1)))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32.add (local.get $t1) (local.get $t2)))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br_if $rounds (i32.lt_u (local.get $t) (i32.const 256))))
    (i32.store offset=640 (i32.const 0) (i32.add (i32.load offset=640 (i32.const 0)) (local.get $a)))
    (i32.store offset=644 (i32.const 0) (i32.add (i32.load offset=644 (i32.const 0)) (local.get $b)))
    (i32.store offset=648 (i32.const 0) (i32.add (i32.load offset=648 (i32.const 0)) (local.get $c)))
    (i32.store offset=652 (i32.const 0) (i32.add (i32.load offset=652 (i32.const 0)) (local.get $d)))
    (i32.store offset=656 (i32.const 0) (i32.add (i32.load offset=656 (i32.const 0)) (local.get $e)))
    (i32.store offset=660 (i32.const 0) (i32.add (i32.load offset=660 (i32.const 0)) (local.get $f)))
    (i32.store offset=664 (i32.const 0) (i32.add (i32.load offset=664 (i32.const 0)) (local.get $g)))
    (i32.store offset=668 (i32.const 0) (i32.add (i32.load offset=668 (i32.const 0)) (local.get $h))))

  ;; H as 32 digest bytes at $dst.
  (func $digest (param $dst i32)
    (local $k i32)
    (loop $words
      (i32.store (i32.add (local.get $dst) (local.get $k)) (call $bswap (i32.load offset=640 (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br_if $words (i32.lt_u (local.get $k) (i32.const 32)))))

  ;; SHA-256(0x00 ‖ the 32 bytes at $src) to $dst: one block (33 bytes, 0x80, zeros, length 264 bits).
  (func $leaf (param $src i32) (param $dst i32)
    (memory.copy (i32.const 640) (i32.const 672) (i32.const 32))
    (i32.store8 (i32.const 512) (i32.const 0))
    (memory.copy (i32.const 513) (local.get $src) (i32.const 32))
    (i32.store8 (i32.const 545) (i32.const 0x80))
    (memory.fill (i32.const 546) (i32.const 0) (i32.const 28))
    (i32.store16 (i32.const 574) (i32.const 0x0801))
    (call $compress)
    (call $digest (local.get $dst)))

  ;; SHA-256(0x01 ‖ 32 bytes at $l ‖ 32 bytes at $r) to $dst, which may be $l or $r: two blocks
  ;; (65 bytes, 0x80, zeros, length 520 bits).
  (func $node (param $l i32) (param $r i32) (param $dst i32)
    (memory.copy (i32.const 640) (i32.const 672) (i32.const 32))
    (i32.store8 (i32.const 512) (i32.const 1))
    (memory.copy (i32.const 513) (local.get $l) (i32.const 32))
    (memory.copy (i32.const 545) (local.get $r) (i32.const 31))
    (call $compress)
    (i32.store8 (i32.const 512) (i32.load8_u offset=31 (local.get $r)))
    (i32.store8 (i32.const 513) (i32.const 0x80))
    (memory.fill (i32.const 514) (i32.const 0) (i32.const 60))
    (i32.store16 (i32.const 574) (i32.const 0x0802))
    (call $compress)
    (call $digest (local.get $dst)))

  ;; ---- Merkle frontier -------------------------------------------------------------------------

  ;; The frontier's subtree at index $i.
  (func $subtree (param $i i32) (result i32)
    (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 5))))

  (func (export "merkleReset")
    (global.set $top (i32.const 0))
    (global.set $leaves (i32.const 0)))

  ;; Adds the $n digests at $src as leaves. After the m-th leaf, the two rightmost subtrees are merged
  ;; as often as m has trailing zero bits: those are the equal-sized neighbours of a binary counter.
  (func (export "merkleAdd") (param $src i32) (param $n i32)
    (local $merges i32)
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $n)))
        (call $leaf (local.get $src) (call $subtree (global.get $top)))
        (global.set $top (i32.add (global.get $top) (i32.const 1)))
        (global.set $leaves (i32.add (global.get $leaves) (i32.const 1)))
        (local.set $merges (i32.ctz (global.get $leaves)))
        (block $merged
          (loop $merge
            (br_if $merged (i32.eqz (local.get $merges)))
            (call $node
              (call $subtree (i32.sub (global.get $top) (i32.const 2)))
              (call $subtree (i32.sub (global.get $top) (i32.const 1)))
              (call $subtree (i32.sub (global.get $top) (i32.const 2))))
            (global.set $top (i32.sub (global.get $top) (i32.const 1)))
            (local.set $merges (i32.sub (local.get $merges) (i32.const 1)))
            (br $merge)))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each))))

  ;; The root of the leaves added since merkleReset (at least one) to $dst: the subtrees folded
  ;; from the right, the largest-power-of-two split of RFC 9162.
  (func (export "merkleRoot") (param $dst i32)
    (local $i i32)
    (memory.copy (local.get $dst) (call $subtree (i32.sub (global.get $top) (i32.const 1))) (i32.const 32))
    (local.set $i (i32.sub (global.get $top) (i32.const 2)))
    (block $done
      (loop $fold
        (br_if $done (i32.lt_s (local.get $i) (i32.const 0)))
        (call $node (call $subtree (local.get $i)) (local.get $dst) (local.get $dst))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $fold))))

  ;; ---- writer lines ----------------------------------------------------------------------------
  ;; Lines of UTF-8 bytes with at least 64 readable bytes after them: strings are searched 16 bytes
  ;; at a time, escapes and sequences read ahead.

  ;; The position after the JCS string whose quote is at $p, or 0 (not one, or not sure). Escapes
  ;; JCS writes: \" \\ \b \f \n \r \t, and \u00xx in lowercase for the other control characters;
  ;; other characters as they are, in well-formed UTF-8. $escaped: an escape or a non-ASCII byte.
  (func $string (param $p i32) (param $end i32) (result i32)
    (local $m i32) (local $c i32) (local $x i32)
    (global.set $escaped (i32.const 0))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (loop $search
      ;; a quote, a backslash, or (as a signed byte, below 0x20) a control character or non-ASCII
      (local.set $m
        (i8x16.bitmask
          (v128.or
            (v128.or
              (i8x16.eq (v128.load (local.get $p)) (i8x16.splat (i32.const 0x22)))
              (i8x16.eq (v128.load (local.get $p)) (i8x16.splat (i32.const 0x5c))))
            (i8x16.lt_s (v128.load (local.get $p)) (i8x16.splat (i32.const 0x20))))))
      (if (i32.eqz (local.get $m))
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $search (i32.lt_u (local.get $p) (local.get $end)))
          (return (i32.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.ctz (local.get $m))))
      (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.eq (local.get $c) (i32.const 0x22))
        (then (return (i32.add (local.get $p) (i32.const 1)))))
      (global.set $escaped (i32.const 1))
      (if (i32.lt_u (local.get $c) (i32.const 0x20)) (then (return (i32.const 0))))
      (if (i32.ge_u (local.get $c) (i32.const 0x80))
        (then
          (local.set $x (call $utf8Length (local.get $p)))
          (if (i32.eqz (local.get $x)) (then (return (i32.const 0))))
          (local.set $p (i32.add (local.get $p) (local.get $x)))
          (br $search)))
      (local.set $c (i32.load8_u offset=1 (local.get $p)))
      (if (i32.or
            (i32.or (i32.eq (local.get $c) (i32.const 0x22)) (i32.eq (local.get $c) (i32.const 0x5c)))
            (i32.or
              (i32.or (i32.eq (local.get $c) (i32.const 0x62)) (i32.eq (local.get $c) (i32.const 0x66)))
              (i32.or (i32.eq (local.get $c) (i32.const 0x6e))
                (i32.or (i32.eq (local.get $c) (i32.const 0x72)) (i32.eq (local.get $c) (i32.const 0x74))))))
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 2)))
          (br $search)))
      ;; \u00xx below 0x20 whose character has no short escape: \u0000-\u0007, \u000b, \u000e-\u001f
      (if (i32.or
            (i32.ne (local.get $c) (i32.const 0x75))
            (i32.ne (i32.load16_u offset=2 (local.get $p)) (i32.const 0x3030)))
        (then (return (i32.const 0))))
      (local.set $c (i32.load8_u offset=4 (local.get $p)))
      (local.set $x (i32.load8_u offset=5 (local.get $p)))
      (if (i32.and (i32.ge_u (local.get $x) (i32.const 0x30)) (i32.le_u (local.get $x) (i32.const 0x39)))
        (then (local.set $x (i32.sub (local.get $x) (i32.const 0x30))))
        (else
          (if (i32.and (i32.ge_u (local.get $x) (i32.const 0x61)) (i32.le_u (local.get $x) (i32.const 0x66)))
            (then (local.set $x (i32.sub (local.get $x) (i32.const 0x57))))
            (else (return (i32.const 0))))))
      (if (i32.eq (local.get $c) (i32.const 0x31))
        (then (local.set $x (i32.add (local.get $x) (i32.const 16))))
        (else (if (i32.ne (local.get $c) (i32.const 0x30)) (then (return (i32.const 0))))))
      (if (i32.or
            (i32.or (i32.eq (local.get $x) (i32.const 8)) (i32.eq (local.get $x) (i32.const 9)))
            (i32.or (i32.eq (local.get $x) (i32.const 10))
              (i32.or (i32.eq (local.get $x) (i32.const 12)) (i32.eq (local.get $x) (i32.const 13)))))
        (then (return (i32.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.const 6)))
      (br $search))
    (i32.const 0))

  (func $isContinuation (param $b i32) (result i32)
    (i32.eq (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80)))

  ;; The length of the well-formed UTF-8 sequence at $p (RFC 3629: no overlong forms, no surrogates,
  ;; nothing above U+10FFFF), or 0. As jcs-tokens.ts's utf8SequenceLength.
  (func $utf8Length (param $p i32) (result i32)
    (local $b0 i32) (local $b1 i32) (local $lo i32) (local $hi i32)
    (local.set $b0 (i32.load8_u (local.get $p)))
    (local.set $b1 (i32.load8_u offset=1 (local.get $p)))
    (if (i32.lt_u (local.get $b0) (i32.const 0xc2)) (then (return (i32.const 0))))
    (if (i32.lt_u (local.get $b0) (i32.const 0xe0))
      (then (return (select (i32.const 2) (i32.const 0) (call $isContinuation (local.get $b1))))))
    (if (i32.lt_u (local.get $b0) (i32.const 0xf0))
      (then
        (local.set $lo (select (i32.const 0xa0) (i32.const 0x80) (i32.eq (local.get $b0) (i32.const 0xe0))))
        (local.set $hi (select (i32.const 0x9f) (i32.const 0xbf) (i32.eq (local.get $b0) (i32.const 0xed))))
        (return
          (select (i32.const 3) (i32.const 0)
            (i32.and
              (i32.and (i32.ge_u (local.get $b1) (local.get $lo)) (i32.le_u (local.get $b1) (local.get $hi)))
              (call $isContinuation (i32.load8_u offset=2 (local.get $p))))))))
    (if (i32.lt_u (local.get $b0) (i32.const 0xf5))
      (then
        (local.set $lo (select (i32.const 0x90) (i32.const 0x80) (i32.eq (local.get $b0) (i32.const 0xf0))))
        (local.set $hi (select (i32.const 0x8f) (i32.const 0xbf) (i32.eq (local.get $b0) (i32.const 0xf4))))
        (return
          (select (i32.const 4) (i32.const 0)
            (i32.and
              (i32.and (i32.ge_u (local.get $b1) (local.get $lo)) (i32.le_u (local.get $b1) (local.get $hi)))
              (i32.and
                (call $isContinuation (i32.load8_u offset=2 (local.get $p)))
                (call $isContinuation (i32.load8_u offset=3 (local.get $p)))))))))
    (i32.const 0))

  (func $isDigit (param $c i32) (result i32)
    (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))

  (func $skipDigits (param $p i32) (result i32)
    (block $done
      (loop $digits
        (br_if $done (i32.eqz (call $isDigit (i32.load8_u (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digits)))
    (local.get $p))

  ;; The position after the number at $p when it is, as written, what ECMAScript prints for its
  ;; value; else 0. Only the forms writer-line.ts's isShortestDecimal decides without converting
  ;; (no exponent, at most 15 significant digits); the rest is left to it.
  (func $number (param $p i32) (result i32)
    (local $negative i32) (local $int i32) (local $intEnd i32) (local $frac i32) (local $c i32) (local $q i32)
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2d))
      (then
        (local.set $negative (i32.const 1))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (local.set $int (local.get $p))
    (local.set $c (i32.load8_u (local.get $p)))
    (if (i32.eq (local.get $c) (i32.const 0x30))
      (then (local.set $p (i32.add (local.get $p) (i32.const 1))))
      (else
        (if (i32.eqz (call $isDigit (local.get $c))) (then (return (i32.const 0))))
        (local.set $p (call $skipDigits (i32.add (local.get $p) (i32.const 1))))))
    (local.set $intEnd (local.get $p))
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2e))
      (then
        (local.set $frac (i32.add (local.get $p) (i32.const 1)))
        (if (i32.eqz (call $isDigit (i32.load8_u (local.get $frac)))) (then (return (i32.const 0))))
        (local.set $p (call $skipDigits (local.get $frac)))
        (if (i32.eq (i32.load8_u (i32.sub (local.get $p) (i32.const 1))) (i32.const 0x30)) (then (return (i32.const 0))))))
    (local.set $c (i32.or (i32.load8_u (local.get $p)) (i32.const 0x20)))
    (if (i32.eq (local.get $c) (i32.const 0x65)) (then (return (i32.const 0))))
    (if (i32.eqz (local.get $frac))
      (then
        (if (i32.gt_u (i32.sub (local.get $intEnd) (local.get $int)) (i32.const 15)) (then (return (i32.const 0))))
        (if (i32.and (local.get $negative) (i32.eq (i32.load8_u (local.get $int)) (i32.const 0x30))) (then (return (i32.const 0))))
        (return (local.get $p))))
    (if (i32.ne (i32.load8_u (local.get $int)) (i32.const 0x30))
      (then
        (if (i32.gt_u (i32.add (i32.sub (local.get $intEnd) (local.get $int)) (i32.sub (local.get $p) (local.get $frac))) (i32.const 15))
          (then (return (i32.const 0))))
        (return (local.get $p))))
    (local.set $q (local.get $frac))
    (block $done
      (loop $zeros
        (br_if $done (i32.ne (i32.load8_u (local.get $q)) (i32.const 0x30)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $zeros)))
    (if (i32.or
          (i32.gt_u (i32.sub (local.get $q) (local.get $frac)) (i32.const 5))
          (i32.gt_u (i32.sub (local.get $p) (local.get $q)) (i32.const 15)))
      (then (return (i32.const 0))))
    (local.get $p))

  ;; Member names $a and $b (each from its opening quote to after its closing quote, no escapes):
  ;; $a sorts strictly before $b. Byte order is UTF-16 code unit order for ASCII; the closing quote
  ;; sorts below every other character.
  (func $keyLess (param $a i32) (param $aEnd i32) (param $b i32) (param $bEnd i32) (result i32)
    (local $n i32) (local $k i32) (local $x i32) (local $y i32)
    (local.set $n (i32.sub (local.get $aEnd) (local.get $a)))
    (if (i32.lt_u (i32.sub (local.get $bEnd) (local.get $b)) (local.get $n))
      (then (local.set $n (i32.sub (local.get $bEnd) (local.get $b)))))
    (local.set $k (i32.const 1))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $x (i32.load8_u (i32.add (local.get $a) (local.get $k))))
        (local.set $y (i32.load8_u (i32.add (local.get $b) (local.get $k))))
        (if (i32.ne (local.get $x) (local.get $y))
          (then
            (if (i32.eq (local.get $x) (i32.const 0x22)) (then (return (i32.const 1))))
            (if (i32.eq (local.get $y) (i32.const 0x22)) (then (return (i32.const 0))))
            (return (i32.lt_u (local.get $x) (local.get $y)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $bytes)))
    (i32.lt_u (i32.sub (local.get $aEnd) (local.get $a)) (i32.sub (local.get $bEnd) (local.get $b))))

  ;; A member name and its colon at $p, after the previous name of the object whose stack slot is
  ;; $slot (previous name at +4..+8, none when +8 is 0): the position after the colon, or 0.
  (func $key (param $p i32) (param $end i32) (param $slot i32) (result i32)
    (local $q i32)
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x22)) (then (return (i32.const 0))))
    (local.set $q (call $string (local.get $p) (local.get $end)))
    (if (i32.or (i32.eqz (local.get $q)) (global.get $escaped)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $q)) (i32.const 0x3a)) (then (return (i32.const 0))))
    (if (i32.load offset=8 (local.get $slot))
      (then
        (if (i32.eqz (call $keyLess (i32.load offset=4 (local.get $slot)) (i32.load offset=8 (local.get $slot)) (local.get $p) (local.get $q)))
          (then (return (i32.const 0))))))
    (i32.store offset=4 (local.get $slot) (local.get $p))
    (i32.store offset=8 (local.get $slot) (local.get $q))
    (i32.add (local.get $q) (i32.const 1)))

  ;; The position after the JSON value at $p in JCS form, or 0. Nested containers on the stack at
  ;; 4096 (16 bytes per level: +0 object or array, +4/+8 the previous member name).
  (func $value (param $p i32) (param $end i32) (result i32)
    (local $depth i32) (local $c i32) (local $slot i32)
    (loop $value
      (local.set $c (i32.load8_u (local.get $p)))
      (block $scanned
        (if (i32.eq (local.get $c) (i32.const 0x22))
          (then
            (local.set $p (call $string (local.get $p) (local.get $end)))
            (br_if $scanned (local.get $p))
            (return (i32.const 0))))
        (if (i32.or (i32.eq (local.get $c) (i32.const 0x7b)) (i32.eq (local.get $c) (i32.const 0x5b)))
          (then
            ;; `}` and `]` follow `{` and `[` by two
            (if (i32.eq (i32.load8_u offset=1 (local.get $p)) (i32.add (local.get $c) (i32.const 2)))
              (then
                (local.set $p (i32.add (local.get $p) (i32.const 2)))
                (br $scanned)))
            (if (i32.eq (local.get $depth) (i32.const 64)) (then (return (i32.const 0))))
            (local.set $slot (i32.add (i32.const 4096) (i32.shl (local.get $depth) (i32.const 4))))
            (i32.store (local.get $slot) (i32.eq (local.get $c) (i32.const 0x7b)))
            (i32.store offset=8 (local.get $slot) (i32.const 0))
            (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (if (i32.eq (local.get $c) (i32.const 0x7b))
              (then
                (local.set $p (call $key (local.get $p) (local.get $end) (local.get $slot)))
                (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))))
            (br $value)))
        (if (i32.eq (local.get $c) (i32.const 0x74))
          (then
            (if (i32.ne (i32.load (local.get $p)) (i32.const 0x65757274)) (then (return (i32.const 0))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $scanned)))
        (if (i32.eq (local.get $c) (i32.const 0x6e))
          (then
            (if (i32.ne (i32.load (local.get $p)) (i32.const 0x6c6c756e)) (then (return (i32.const 0))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $scanned)))
        (if (i32.eq (local.get $c) (i32.const 0x66))
          (then
            (if (i32.ne (i32.load offset=1 (local.get $p)) (i32.const 0x65736c61)) (then (return (i32.const 0))))
            (local.set $p (i32.add (local.get $p) (i32.const 5)))
            (br $scanned)))
        (local.set $p (call $number (local.get $p)))
        (if (i32.eqz (local.get $p)) (then (return (i32.const 0)))))
      ;; After a value: close what ends here, then a next element or member, or done.
      (loop $after
        (if (i32.eqz (local.get $depth)) (then (return (local.get $p))))
        (local.set $slot (i32.add (i32.const 4080) (i32.shl (local.get $depth) (i32.const 4))))
        (local.set $c (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (if (i32.eq (local.get $c) (i32.const 0x2c))
          (then
            (if (i32.load (local.get $slot))
              (then
                (local.set $p (call $key (local.get $p) (local.get $end) (local.get $slot)))
                (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))))
            (br $value)))
        (if (i32.ne (local.get $c) (select (i32.const 0x7d) (i32.const 0x5d) (i32.load (local.get $slot))))
          (then (return (i32.const 0))))
        (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
        (br $after)))
    (i32.const 0))

  ;; The $n bytes at $p are the $n bytes at $name.
  (func $same (param $p i32) (param $name i32) (param $n i32) (result i32)
    (local $k i32)
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $k))) (i32.load8_u (i32.add (local.get $name) (local.get $k))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $bytes)))
    (i32.const 1))

  ;; The top-level member name whose characters are [$p, $p + $n): 1 seq, 2 chainId, 3 prevHash,
  ;; 4 decidedAt, 5 operation, 6 checkpoint, 7 hash (the end of the body), 8 a name that makes the
  ;; line another kind (signature before hash, an evidence pack line), 0 any other.
  (func $topMember (param $p i32) (param $n i32) (result i32)
    (if (i32.eq (local.get $n) (i32.const 3))
      (then (return (select (i32.const 1) (i32.const 0) (call $same (local.get $p) (i32.const 3328) (i32.const 3))))))
    (if (i32.eq (local.get $n) (i32.const 4))
      (then (return (select (i32.const 7) (i32.const 0) (call $same (local.get $p) (i32.const 3331) (i32.const 4))))))
    (if (i32.eq (local.get $n) (i32.const 7))
      (then (return (select (i32.const 2) (i32.const 0) (call $same (local.get $p) (i32.const 3335) (i32.const 7))))))
    (if (i32.eq (local.get $n) (i32.const 8))
      (then (return (select (i32.const 3) (i32.const 0) (call $same (local.get $p) (i32.const 3342) (i32.const 8))))))
    (if (i32.eq (local.get $n) (i32.const 9))
      (then
        (if (call $same (local.get $p) (i32.const 3350) (i32.const 9)) (then (return (i32.const 4))))
        (if (call $same (local.get $p) (i32.const 3359) (i32.const 9)) (then (return (i32.const 5))))
        (return (select (i32.const 8) (i32.const 0) (call $same (local.get $p) (i32.const 3368) (i32.const 9))))))
    (if (i32.eq (local.get $n) (i32.const 10))
      (then (return (select (i32.const 6) (i32.const 0) (call $same (local.get $p) (i32.const 3377) (i32.const 10))))))
    (if (i32.or (i32.eq (local.get $n) (i32.const 15)) (i32.eq (local.get $n) (i32.const 19)))
      (then (return (select (i32.const 8) (i32.const 0) (call $same (local.get $p) (i32.const 3387) (local.get $n))))))
    (i32.const 0))

  ;; 1 when the line [$start, $end) is in the chain writer's form — canonical JSON without hash and
  ;; signature, then `,"hash":"…"` and maybe `,"signature":"…"` — with well-formed chain fields,
  ;; else 0 (for writer-line.ts to decide). Findings at 3200, positions in memory:
  ;;   +0 end of the body (its `,"hash"`)   +4 hash (64 characters; hex for the caller to check)
  ;;   +8 prevHash (64 characters, same)    +12/+16 chainId's characters
  ;;   +20/+24 decidedAt's (0/0: absent)    +28 1 if operation is "checkpoint"
  ;;   +32/+36 checkpoint's value (0/0: absent)   +40/+44 signature's characters (0/0: none)
  ;;   +48 seq (f64)
  (func (export "scanLine") (param $start i32) (param $end i32) (result i32)
    (local $p i32) (local $q i32) (local $member i32) (local $at i32) (local $seen i32)
    (local $c i32) (local $seq f64)
    (memory.fill (i32.const 3200) (i32.const 0) (i32.const 64))
    (if (i32.ne (i32.load8_u (local.get $start)) (i32.const 0x7b)) (then (return (i32.const 0))))
    (local.set $p (i32.add (local.get $start) (i32.const 1)))
    ;; the record's own member names
    (i32.store offset=8 (i32.const 5120) (i32.const 0))
    (block $body_done
      (loop $members
        (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x22)) (then (return (i32.const 0))))
        (local.set $q (call $string (local.get $p) (local.get $end)))
        (if (i32.or (i32.eqz (local.get $q)) (global.get $escaped)) (then (return (i32.const 0))))
        (if (i32.ne (i32.load8_u (local.get $q)) (i32.const 0x3a)) (then (return (i32.const 0))))
        (local.set $member
          (call $topMember (i32.add (local.get $p) (i32.const 1)) (i32.sub (i32.sub (local.get $q) (local.get $p)) (i32.const 2))))
        (br_if $body_done (i32.eq (local.get $member) (i32.const 7)))
        (if (i32.eq (local.get $member) (i32.const 8)) (then (return (i32.const 0))))
        (if (i32.load offset=8 (i32.const 5120))
          (then
            (if (i32.eqz (call $keyLess (i32.load offset=4 (i32.const 5120)) (i32.load offset=8 (i32.const 5120)) (local.get $p) (local.get $q)))
              (then (return (i32.const 0))))))
        (i32.store offset=4 (i32.const 5120) (local.get $p))
        (i32.store offset=8 (i32.const 5120) (local.get $q))
        (local.set $at (i32.add (local.get $q) (i32.const 1)))
        (local.set $p (call $value (local.get $at) (local.get $end)))
        (if (i32.eqz (local.get $p)) (then (return (i32.const 0))))
        (if (local.get $member)
          (then
            ;; a plain string: its characters are [$at + 1, $p - 1)
            (local.set $c
              (i32.and (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x22)) (i32.eqz (global.get $escaped))))
            (if (i32.eq (local.get $member) (i32.const 1))
              (then
                ;; seq: a non-negative integer of at most 15 digits
                (if (i32.or
                      (i32.gt_u (i32.sub (local.get $p) (local.get $at)) (i32.const 15))
                      (i32.ne (call $skipDigits (local.get $at)) (local.get $p)))
                  (then (return (i32.const 0))))
                (local.set $seq (f64.const 0))
                (local.set $q (local.get $at))
                (block $parsed
                  (loop $digits
                    (br_if $parsed (i32.ge_u (local.get $q) (local.get $p)))
                    (local.set $seq
                      (f64.add (f64.mul (local.get $seq) (f64.const 10))
                        (f64.convert_i32_u (i32.sub (i32.load8_u (local.get $q)) (i32.const 0x30)))))
                    (local.set $q (i32.add (local.get $q) (i32.const 1)))
                    (br $digits)))
                (f64.store offset=3248 (i32.const 0) (local.get $seq))
                (local.set $seen (i32.or (local.get $seen) (i32.const 1)))))
            (if (i32.eq (local.get $member) (i32.const 2))
              (then
                (if (i32.or (i32.eqz (local.get $c)) (i32.le_u (i32.sub (local.get $p) (local.get $at)) (i32.const 2)))
                  (then (return (i32.const 0))))
                (i32.store offset=3212 (i32.const 0) (i32.add (local.get $at) (i32.const 1)))
                (i32.store offset=3216 (i32.const 0) (i32.sub (local.get $p) (i32.const 1)))
                (local.set $seen (i32.or (local.get $seen) (i32.const 2)))))
            (if (i32.eq (local.get $member) (i32.const 3))
              (then
                (if (i32.or (i32.eqz (local.get $c)) (i32.ne (i32.sub (local.get $p) (local.get $at)) (i32.const 66)))
                  (then (return (i32.const 0))))
                (i32.store offset=3208 (i32.const 0) (i32.add (local.get $at) (i32.const 1)))
                (local.set $seen (i32.or (local.get $seen) (i32.const 4)))))
            (if (i32.eq (local.get $member) (i32.const 4))
              (then
                (if (i32.eqz (local.get $c)) (then (return (i32.const 0))))
                (i32.store offset=3220 (i32.const 0) (i32.add (local.get $at) (i32.const 1)))
                (i32.store offset=3224 (i32.const 0) (i32.sub (local.get $p) (i32.const 1)))))
            (if (i32.eq (local.get $member) (i32.const 5))
              (then
                (if (i32.eqz (local.get $c)) (then (return (i32.const 0))))
                (i32.store offset=3228 (i32.const 0)
                  (i32.and
                    (i32.eq (i32.sub (local.get $p) (local.get $at)) (i32.const 12))
                    (call $same (i32.add (local.get $at) (i32.const 1)) (i32.const 3377) (i32.const 10))))))
            (if (i32.eq (local.get $member) (i32.const 6))
              (then
                (i32.store offset=3232 (i32.const 0) (local.get $at))
                (i32.store offset=3236 (i32.const 0) (local.get $p))))))
        ;; `}` here: a record without `hash`, not the writer's form
        (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x2c)) (then (return (i32.const 0))))
        (i32.store offset=3200 (i32.const 0) (local.get $p))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $members)))
    (if (i32.ne (local.get $seen) (i32.const 7)) (then (return (i32.const 0))))
    ;; `"hash":` read (the colon at $q): a string of 64 plain characters, maybe `,"signature":"…"`, `}`.
    (local.set $at (i32.add (local.get $q) (i32.const 1)))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x22)) (then (return (i32.const 0))))
    (local.set $p (call $string (local.get $at) (local.get $end)))
    (if (i32.or (global.get $escaped) (i32.ne (local.get $p) (i32.add (local.get $at) (i32.const 66))))
      (then (return (i32.const 0))))
    (i32.store offset=3204 (i32.const 0) (i32.add (local.get $at) (i32.const 1)))
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2c))
      (then
        ;; `"signature":` — the name's 9 characters at 3368, between quotes, then a colon
        (if (i32.or
              (i32.or
                (i32.ne (i32.load8_u offset=1 (local.get $p)) (i32.const 0x22))
                (i32.eqz (call $same (i32.add (local.get $p) (i32.const 2)) (i32.const 3368) (i32.const 9))))
              (i32.ne (i32.load16_u offset=11 (local.get $p)) (i32.const 0x3a22)))
          (then (return (i32.const 0))))
        (local.set $at (i32.add (local.get $p) (i32.const 13)))
        (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x22)) (then (return (i32.const 0))))
        (local.set $p (call $string (local.get $at) (local.get $end)))
        (if (i32.or (i32.eqz (local.get $p)) (global.get $escaped)) (then (return (i32.const 0))))
        (i32.store offset=3240 (i32.const 0) (i32.add (local.get $at) (i32.const 1)))
        (i32.store offset=3244 (i32.const 0) (i32.sub (local.get $p) (i32.const 1)))))
    (i32.and
      (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x7d))
      (i32.eq (i32.add (local.get $p) (i32.const 1)) (local.get $end))))

  ;; What the record hash is computed over — prevHash's 64 characters, the body, `}` — copied to
  ;; $out from the line scanLine accepted at $start; returns its length.
  (func (export "hashInput") (param $start i32) (param $out i32) (result i32)
    (local $body i32)
    (local.set $body (i32.sub (i32.load offset=3200 (i32.const 0)) (local.get $start)))
    (memory.copy (local.get $out) (i32.load offset=3208 (i32.const 0)) (i32.const 64))
    (memory.copy (i32.add (local.get $out) (i32.const 64)) (local.get $start) (local.get $body))
    (i32.store8 (i32.add (i32.add (local.get $out) (i32.const 64)) (local.get $body)) (i32.const 0x7d))
    (i32.add (local.get $body) (i32.const 65)))
)
