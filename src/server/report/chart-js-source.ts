import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * Chart.js's UMD bundle, inlined into the report so the page works air-gapped: no CDN, no second
 * request. The build (tsup.config.ts) embeds the file's text, so users install no `chart.js`; run
 * from the sources (tests, benches), it is read once from the installed `chart.js` devDependency.
 */
export function chartJsSource(): string {
  if (cached === undefined) {
    const embedded = (globalThis as { __VAXELIA_CHART_JS_UMD__?: string }).__VAXELIA_CHART_JS_UMD__;
    // `chart.js` exports no path to its UMD file: resolve the package entry and look beside it.
    const text = embedded ?? readFileSync(join(dirname(resolveChartJs()), 'chart.umd.js'), 'utf8');
    // A literal `</script` inside the bundle would end the inline script early.
    cached = text.replace(/<\/script/gi, '<\\/script');
  }
  return cached;
}

/**
 * Resolves `chart.js` from this module's location in both builds without `import.meta` (which the
 * CommonJS build cannot contain): the CommonJS `require`, else a require anchored at this file as
 * the stack names it, else at the working directory.
 */
function resolveChartJs(): string {
  const attempts: (() => string)[] = [
    () => require.resolve('chart.js'),
    () => createRequire(ownFile()).resolve('chart.js'),
    () => createRequire(join(process.cwd(), 'noop.js')).resolve('chart.js'),
  ];
  let last: unknown;
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch (error) {
      last = error;
    }
  }
  throw new Error(`the report needs the chart.js package: ${(last as Error)?.message ?? String(last)}`);
}

function ownFile(): string {
  const frame = /(file:\/\/\/[^\s)]+?|\/[^\s():]+?):\d+:\d+/.exec(new Error().stack?.split('\n')[1] ?? '');
  if (!frame) throw new Error('no file location in the stack');
  return frame[1]!;
}
