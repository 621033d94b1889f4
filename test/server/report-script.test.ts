import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without type declarations
import { reportScriptModule } from '../../scripts/build-report-script.mjs';

/** The report's browser code is a typed module; the string the server inlines is its esbuild bundle. */
it('src/server/report/report-script.ts is the current bundle of browser/report-charts.ts (npm run build regenerates it)', async () => {
  const checkedIn = readFileSync(join(process.cwd(), 'src/server/report/report-script.ts'), 'utf8');
  expect(checkedIn).toBe(await reportScriptModule());
});
