// Starts bench/lib/sink-server.mjs as a child process and talks to it over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function startSink() {
  const child = fork(fileURLToPath(new URL('./sink-server.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (m) => (m.ready ? resolve(m.port) : reject(new Error('sink did not start'))));
    child.once('exit', (code) => reject(new Error(`sink exited ${code}`)));
  });
  let nextId = 0;
  const pending = new Map();
  child.on('message', (m) => {
    const p = pending.get(m.id);
    if (p) {
      pending.delete(m.id);
      p(m);
    }
  });
  const call = (msg) =>
    new Promise((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      child.send({ ...msg, id });
    });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    /** Where decisions are POSTed (bodies without a checkpoint marker count as decisions). */
    decisionsUrl: `${origin}/v1/decisions`,
    tracesUrl: `${origin}/v1/traces`,
    reset: (capture = false) => call({ cmd: 'reset', capture }),
    counts: () => call({ cmd: 'counts' }),
    /** Resolves with the counts once `decisions` decisions arrived, or after `timeoutMs` with `timedOut`. */
    waitFor: (decisions, timeoutMs) => call({ cmd: 'wait', decisions, timeoutMs }),
    /** Writes the captured decision bodies ([{ body, key }]) to `file`. */
    dump: (file) => call({ cmd: 'dump', file }),
    close: async () => {
      child.send({ cmd: 'close' });
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
