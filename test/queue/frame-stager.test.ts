import { describe, expect, it } from 'vitest';
import { FrameStager } from '../../src/queue/frame-stager.js';

describe('frame stager', () => {
  it('cuts adjacent slices from one buffer and starts over once every slice is released', () => {
    const stager = new FrameStager(1024, 2);
    const a = stager.reserve(100);
    const b = stager.reserve(200);
    expect(b.bytes.buffer).toBe(a.bytes.buffer);
    expect(b.bytes.byteOffset).toBe(a.bytes.byteOffset + 100);
    stager.release(a);
    stager.release(b);
    const c = stager.reserve(50);
    expect(c.bytes.buffer).toBe(a.bytes.buffer);
    expect(c.bytes.byteOffset).toBe(a.bytes.byteOffset);
  });

  it('never hands out bytes of a slice still held, and reuses a full buffer once it is released', () => {
    const stager = new FrameStager(1024, 2);
    const first = stager.reserve(1000);
    const second = stager.reserve(100); // does not fit: a new buffer
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    const third = stager.reserve(1000); // does not fit either: the second buffer is sealed
    stager.release(first);
    stager.release(second);
    const fourth = stager.reserve(1000); // third's buffer is still held: a pooled one is reused
    expect([first.bytes.buffer, second.bytes.buffer]).toContain(fourth.bytes.buffer);
    expect(fourth.bytes.buffer).not.toBe(third.bytes.buffer);
  });

  it('gives an oversized append a buffer of its own, never pooled', () => {
    const stager = new FrameStager(1024, 4);
    const big = stager.reserve(5000);
    expect(big.bytes.length).toBe(5000);
    stager.release(big);
    const next = stager.reserve(5000);
    expect(next.bytes.buffer).not.toBe(big.bytes.buffer);
    const small = stager.reserve(10);
    expect(small.bytes.buffer.byteLength).toBe(1024);
  });
});
