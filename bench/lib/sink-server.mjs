// The local decision-log / OTLP endpoint every contender posts to, run as its own process (so its
// work does not share the sender's event loop): answers 200 to every POST and counts them.
// Driven over IPC by bench/lib/sink.mjs.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const CHECKPOINT = Buffer.from('"operation":"checkpoint"');
let counts;
let capture = false;
let bodies = [];
let waiters = [];
// The sink's own CPU since the last reset: what each contender costs the endpoint's side of the
// machine (both processes share its 2 cores).
let cpuAtReset = process.cpuUsage();
const reset = () => {
  counts = { posts: 0, decisions: 0, checkpoints: 0, bytes: 0 };
  bodies = [];
  cpuAtReset = process.cpuUsage();
};
reset();
const withCpu = () => {
  const used = process.cpuUsage(cpuAtReset);
  return { ...counts, cpuMicros: used.user + used.system };
};

function settle() {
  waiters = waiters.filter((w) => {
    if (counts.decisions < w.decisions) return true;
    clearTimeout(w.timer);
    process.send({ id: w.id, counts: withCpu() });
    return false;
  });
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    counts.posts++;
    counts.bytes += body.length;
    if (req.url === '/v1/decisions') {
      if (body.indexOf(CHECKPOINT) === -1) {
        counts.decisions++;
        if (capture) bodies.push({ body: body.toString('utf8'), key: req.headers['idempotency-key'] });
      } else counts.checkpoints++;
    }
    res.writeHead(200, { 'content-length': '0' });
    res.end();
    if (waiters.length > 0) settle();
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (msg) => {
  if (msg.cmd === 'reset') {
    reset();
    capture = msg.capture === true;
    process.send({ id: msg.id, counts });
  } else if (msg.cmd === 'counts') {
    process.send({ id: msg.id, counts: withCpu() });
  } else if (msg.cmd === 'wait') {
    const w = { id: msg.id, decisions: msg.decisions };
    w.timer = setTimeout(() => {
      waiters = waiters.filter((x) => x !== w);
      process.send({ id: msg.id, counts: withCpu(), timedOut: true });
    }, msg.timeoutMs);
    waiters.push(w);
    settle();
  } else if (msg.cmd === 'dump') {
    writeFileSync(msg.file, JSON.stringify(bodies));
    process.send({ id: msg.id, count: bodies.length });
  } else if (msg.cmd === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => process.send({ ready: true, port: server.address().port }));
