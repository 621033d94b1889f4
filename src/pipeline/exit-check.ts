import type { Logger } from '../core/logger.js';

/** A pipeline asked, as the process exits, how many AI decisions it holds that are not on disk yet. */
export interface ExitCheck {
  notYetRecorded(): number;
  readonly exitLogger: Logger;
}

/**
 * A script that ends with `process.exit()` (or an uncaught error) right after its last model call
 * loses the decisions still on their way to the disk: an 'exit' handler may only run synchronous
 * code, so they cannot be saved there. They are not lost silently: each pipeline that still holds
 * some says how many, at ERROR — on stderr when the app installed no logger, which is written
 * synchronously at exit. One 'exit' listener for all pipelines; weak references, so a pipeline the
 * app dropped is not kept alive by this.
 */
const watched = new Set<WeakRef<ExitCheck>>();
let hooked = false;

/** Watches `check` until the returned function is called (at shutdown). */
export function watchExit(check: ExitCheck): () => void {
  if (!hooked) {
    hooked = true;
    process.once('exit', reportAtExit);
  }
  if (watched.size >= 64) for (const ref of watched) if (ref.deref() === undefined) watched.delete(ref);
  const ref = new WeakRef(check);
  watched.add(ref);
  return () => {
    watched.delete(ref);
  };
}

function reportAtExit(exitCode: number): void {
  for (const ref of watched) {
    const check = ref.deref();
    if (check === undefined) continue;
    try {
      const count = check.notYetRecorded();
      if (count === 0) continue;
      check.exitLogger(
        'error',
        `vaxelia: the process is exiting with ${count} AI decision(s) not yet on disk; they are not recorded. Await provider.shutdown() (or forceFlush()) before the process exits`,
        { condition: 'lost-at-exit', count, exitCode },
      );
    } catch {
      // never throw from an exit handler
    }
  }
}
