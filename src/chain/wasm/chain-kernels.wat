;; Two loops of `vaxelia-otel verify` that JavaScript runs slowly, as WebAssembly (no dependency:
;; V8 compiles it). Source of `chain-kernels-binary.ts`: `node scripts/build-wasm.mjs` regenerates
;; it, and a test fails when the two differ.
;;
;; - `printable`: whether a read buffer holds only bytes 0x20–0x7F and newlines, 16 bytes per SIMD
;;   step (it replaced one native search per control byte: 31 passes over every buffer).
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
  (data (i32.const 672)
    "\67\e6\09\6a\85\ae\67\bb\72\f3\6e\3c\3a\f5\4f\a5\7f\52\0e\51\8c\68\05\9b\ab\d9\83\1f\19\cd\e0\5b")

  ;; Subtrees on the frontier, and leaves added since merkleReset.
  (global $top (mut i32) (i32.const 0))
  (global $leaves (mut i32) (i32.const 0))

  ;; ---- printable -------------------------------------------------------------------------------

  ;; 1 if every byte of [$p, $p + $n) is 0x20–0x7F or 0x0A, else 0.
  (func (export "printable") (param $p i32) (param $n i32) (result i32)
    (local $end i32) (local $all v128) (local $v v128)
    (local.set $all (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
    (local.set $end (i32.add (local.get $p) (i32.and (local.get $n) (i32.const -16))))
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        ;; byte - 0x20 < 0x60 (unsigned) is 0x20..0x7F in one compare
        (local.set $all
          (v128.and (local.get $all)
            (v128.or
              (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x60)))
              (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0a))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (if (i32.eqz (i8x16.all_true (local.get $all))) (then (return (i32.const 0))))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $n) (i32.const 15))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $n (i32.load8_u (local.get $p)))
        (if (i32.and
              (i32.ge_u (i32.sub (local.get $n) (i32.const 0x20)) (i32.const 0x60))
              (i32.ne (local.get $n) (i32.const 0x0a)))
          (then (return (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $tail)))
    (i32.const 1))

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
)
