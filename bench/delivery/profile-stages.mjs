// Where figure 3's time goes per decision: self time of a `node --cpu-prof` profile grouped by
// pipeline stage, our functions resolved through dist/'s source maps to their src/ folder.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/figures/delivery.mjs --figure throughput --n 10000 --contenders '(defaults)'
//   node bench/delivery/profile-stages.mjs /tmp/prof/<largest>.cpuprofile 22000
// (22,000 = the warm-up 2,000 + the captured run 10,000 + the timed run 10,000 decisions.)
// Self time, not inclusive: a stage's share of the main thread. "idle" is the event loop waiting
// (responses, the fsync thread, timers); it is not CPU.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const [file, decisionsArg] = process.argv.slice(2);
if (!file || !decisionsArg) {
  console.error('usage: node bench/delivery/profile-stages.mjs <file.cpuprofile> <decisions in the profile>');
  process.exit(2);
}
const decisions = Number(decisionsArg);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const maps = new Map();
const mapFor = (url) => {
  if (!maps.has(url)) {
    const path = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null);
  }
  return maps.get(url);
};
const FS = new Set(['openFileHandle', 'close', 'fstat', 'mkdir', 'fsync', 'fdatasync', 'rmSync', 'open', 'read', 'unlink', 'rename', 'readdir']);
const stage = ({ url, functionName: fn, lineNumber, columnNumber }) => {
  if (fn === '(idle)') return 'idle (event loop waiting)';
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === 'writev' || fn === 'writeUtf8String' || (fn === 'writeBuffer' && !url)) return 'http: socket write syscalls';
  if (url.includes('/dist/') && !url.includes('node_modules')) {
    const entry = mapFor(url)?.findEntry(lineNumber, columnNumber);
    const match = (entry?.originalSource ?? '').match(/src\/([^/]+)\/?([^/]*)/);
    if (!match) return 'ours: other';
    return match[1] === 'delivery' ? 'ours: src/delivery' : `ours: src/${match[1]}`;
  }
  if (url.includes('node_modules/undici')) return 'http: undici';
  if (url.includes('node_modules/@opentelemetry')) return 'OpenTelemetry SDK';
  if (url.includes('/bench/')) return 'bench harness (span creation)';
  if (/node:_http|node:net|stream|node:internal\/url|node:events|dns|timers/.test(url)) return 'http: node:http/net/streams/events';
  if (url.includes('crypto/cipher')) return 'queue: AES-256-GCM (node:crypto)';
  if (url.includes('crypto/')) return 'chain: SHA-256 and other node:crypto';
  if (url.includes('fs') || FS.has(fn)) return 'queue and chain head: fs calls';
  if (url.includes('buffer')) return 'node:buffer';
  if (url.includes('task_queues') || fn === 'runMicrotasks') return 'promise/tick machinery';
  if (url.includes('modules') || fn.startsWith('compile')) return 'module loading';
  return 'other';
};
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const byStage = new Map();
let total = 0;
for (const [id, t] of self) {
  const s = stage(nodes.get(id).callFrame);
  byStage.set(s, (byStage.get(s) ?? 0) + t);
  total += t;
}
const busy = total - (byStage.get('idle (event loop waiting)') ?? 0);
console.log(`profile ${(total / 1e6).toFixed(2)} s, main thread busy ${(busy / 1e6).toFixed(2)} s = ${(busy / decisions).toFixed(0)} µs per decision`);
for (const [s, t] of [...byStage].sort((a, b) => b[1] - a[1])) {
  console.log(`${(t / decisions).toFixed(1).padStart(7)} µs/decision ${((100 * t) / total).toFixed(1).padStart(5)} %  ${s}`);
}
