import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where the browser tests find Chromium: `CHROMIUM_PATH`, else Debian's package. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const INSTALL = 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium';

/**
 * The evidence report is tested in a real Chromium. When it is missing, a root shell on Debian
 * installs the distribution's package (saying so in one line); anywhere else the test fails with one
 * line giving the exact command. Never a silent skip.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const canInstall = process.env.CHROMIUM_PATH === undefined && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`sudo ${INSTALL.replaceAll('&& ', '&& sudo ')}\` or set CHROMIUM_PATH`);
  }
  process.stderr.write(`Chromium not found at ${CHROMIUM}: installing Debian's package (${INSTALL})\n`);
  execFileSync('sh', ['-c', INSTALL], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(CHROMIUM)) throw new Error(`\`${INSTALL}\` ran but ${CHROMIUM} still does not exist`);
  return CHROMIUM;
}
