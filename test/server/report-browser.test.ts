import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DecisionLogServer, startServer } from '@vaxelia/ai-otel/server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBulk } from './support/bulk-records.js';
import { type LaunchedChromium, launchChromium } from './support/chromium.js';
import { appendCheckpoint, chain, rehash } from './support/chained-records.js';

/**
 * The evidence report in a real headless Chromium (Debian's `chromium`): it loads without console
 * errors, nothing is fetched from the network, and every chart paints — empty, small and 100,000
 * decisions.
 */
const CHARTS = ['chart-models', 'chart-status', 'chart-redactions', 'chart-tokens'];

let chromium: LaunchedChromium;
let browser: BrowserContext;

beforeAll(async () => {
  chromium = await launchChromium();
  browser = chromium.context;
}, 600_000);

afterAll(async () => {
  await chromium?.close();
});

interface Loaded {
  page: Page;
  errors: string[];
  external: string[];
  loadMs: number;
  verdict: string | null;
}

async function openReport(server: DecisionLogServer): Promise<Loaded> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  const started = performance.now();
  const res = await page.goto(`${server.url}/report`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  await page.waitForFunction('window.reportReady === true', undefined, { timeout: 20_000 });
  const loadMs = performance.now() - started;
  const verdict = await page.getAttribute('#integrity-banner', 'data-verdict');
  return { page, errors, external, loadMs, verdict };
}

/** Share of a canvas screenshot's pixels that are not the white background, decoded in the page. */
async function inkRatio(page: Page, id: string): Promise<number> {
  const png = await page.locator(`#${id}`).screenshot({ type: 'png' });
  // Decoded by the browser itself (the test has no PNG decoder): draw the PNG, read the pixels back.
  const count = `(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png.toString('base64')}';
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235) ink++;
    return ink / (data.length / 4);
  })()`;
  return (await page.evaluate(count)) as number;
}

describe('GET /report in headless Chromium', () => {
  it('with 0 decisions: loads cleanly, charts paint their axes and a no-data note', async () => {
    const server = await startServer({ port: 0 });
    try {
      const { page, errors, external, verdict } = await openReport(server);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      expect(verdict).toBe('NO RECORDS');
      for (const id of CHARTS) expect(await inkRatio(page, id)).toBeGreaterThan(0.001);
      expect(await page.textContent('footer')).toContain('This report is evidence, not legal advice.');
      await page.close();
    } finally {
      await server.close();
    }
  }, 60_000);

  it('shows PROBLEM for a chain with a gap, an edited record and a forged link', async () => {
    const server = await startServer({ port: 0 });
    try {
      const records = chain('tampered', 6);
      for (const r of [records[0], { ...records[1]!, modelUsed: 'edited' }, records[2], rehash({ ...records[3]!, prevHash: 'e'.repeat(64) }), records[5]]) {
        server.db.ingestJson(JSON.stringify(r));
      }
      const ok = chain('healthy', 3);
      appendCheckpoint(ok);
      for (const r of ok) server.db.ingestJson(JSON.stringify(r));
      const { page, errors, verdict } = await openReport(server);
      expect(errors).toEqual([]);
      expect(verdict).toBe('PROBLEM');
      const rows = await page.locator('#chains tbody tr').allTextContents();
      expect(rows.find((r) => r.includes('tampered'))).toMatch(/PROBLEM[\s\S]*seq 4 missing[\s\S]*seq 1: edited[\s\S]*seq 3: broken-link/);
      expect(rows.find((r) => r.includes('healthy'))).toMatch(/OK[\s\S]*seq 3/);
      await page.close();
    } finally {
      await server.close();
    }
  }, 60_000);

  it('with 100,000 decisions: aggregated server-side, renders quickly, charts paint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaxelia-report-'));
    const server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite') });
    try {
      const t0 = performance.now();
      insertBulk(server.db, 100_000);
      const insertMs = performance.now() - t0;
      expect(server.db.count()).toBe(100_000);

      const t1 = performance.now();
      const html = await (await fetch(`${server.url}/report`)).text();
      const serverMs = performance.now() - t1;
      // Buckets, not rows: the page stays small whatever the log holds.
      expect(html.length).toBeLessThan(400_000);

      const { page, errors, external, loadMs, verdict } = await openReport(server);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      expect(verdict).toBe('OK');
      for (const id of CHARTS) expect(await inkRatio(page, id)).toBeGreaterThan(0.02);
      mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: join(process.cwd(), 'test-artifacts', 'report-100k.png'), fullPage: true });
      console.log(
        `report at 100k decisions: insert ${Math.round(insertMs)} ms, GET /report ${Math.round(serverMs)} ms, ` +
          `browser load to charts drawn ${Math.round(loadMs)} ms, page ${Math.round(html.length / 1024)} KiB`,
      );
      expect(serverMs).toBeLessThan(5000);
      await page.close();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
