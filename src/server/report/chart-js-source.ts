import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * Chart.js's UMD bundle, read once from the installed `chart.js` package (a runtime dependency) and
 * inlined into the report, so the page works air-gapped: no CDN, no second request.
 */
export function chartJsSource(): string {
  if (cached === undefined) {
    // `chart.js` exports no path to its UMD file; resolve the package entry and look beside it.
    // `require` exists in the CommonJS build; the ESM build makes one from its own URL.
    const req = typeof require === 'function' ? require : createRequire(import.meta.url);
    const file = join(dirname(req.resolve('chart.js')), 'chart.umd.js');
    // A literal `</script` inside the bundle would end the inline script early.
    cached = readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return cached;
}
