/** `VAXELIA_TORTURE=long` runs the long mode (≥ 50 kill cycles); anything else is the short CI mode. */
export const LONG = process.env.VAXELIA_TORTURE === 'long';

/** Number of repetitions: `short` in CI, `long` behind the env var. */
export function cycles(short: number, long: number): number {
  return LONG ? long : short;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last result. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}
