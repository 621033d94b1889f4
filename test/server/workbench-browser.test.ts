import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type DecisionLogServer, startServer } from '@vaxelia/ai-otel/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { post } from './support/chained-records.js';
import { type LaunchedChromium, launchChromium } from './support/chromium.js';
import { workbenchLog } from './support/workbench-records.js';

/**
 * The auditor's workbench in a real headless Chromium, used as an auditor would: from the PROBLEM
 * banner to the record concerned, filtering, opening a decision, exporting and verifying the
 * export, printing to PDF. Every page is checked with axe-core (no serious or critical violation)
 * and screenshotted into test-artifacts/workbench/ (a CI artifact).
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'workbench');
const INGEST_KEY = 'workbench-ingest-key';
const READ_KEY = 'workbench-read-key';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let chromium: LaunchedChromium;
let server: DecisionLogServer;
let dir: string;
const log = workbenchLog();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'vaxelia-workbench-'));
  server = await startServer({ port: 0, dbPath: join(dir, 'log.sqlite'), ingestKey: INGEST_KEY, readKey: READ_KEY });
  for (const r of log.sent) expect((await post(server.url, r, { authorization: `Bearer ${INGEST_KEY}` })).status).toBe(200);
  // The browser signs in as a person does: HTTP Basic with the read key as password.
  chromium = await launchChromium({ httpCredentials: { username: 'auditor', password: READ_KEY }, acceptDownloads: true });
}, 600_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  errors: string[];
  external: string[];
}

async function open(path: string): Promise<Opened> {
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  const res = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  return { page, errors, external };
}

/** axe-core from npm, injected into the page; returns the serious and critical violations. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function verifyFile(file: string): Promise<{ code: number; printed: string }> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (c) => {
    printed += String(c);
  });
  const code = await runCli(['verify', file], { stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: dir });
  return { code, printed };
}

describe('the auditor’s workbench in headless Chromium', () => {
  it('from the PROBLEM banner to the record concerned', async () => {
    const { page, errors, external } = await open('/report');
    await page.waitForFunction('window.reportReady === true', undefined, { timeout: 20_000 });
    expect(await page.getAttribute('#integrity-banner', 'data-verdict')).toBe('PROBLEM');
    const banner = await page.textContent('#integrity-banner');
    expect(banner).toContain('1 of 2 chains has problems');
    expect(banner).toContain('seq 7 missing');
    // The chain table says why the healthy chain is OK: unsigned, and the record after its seal.
    const creditRow = await page.textContent('#chains tr[id="chain-credit-writer"]');
    expect(creditRow).toContain('unsigned; written after seal: 1 record after the final checkpoint at seq 60');
    expect(creditRow).toContain('credit-assistant · credit-api · on host-a');
    await shoot(page, '01-overview-problem');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);

    await page.click('#problem-list a[data-problem="edited"]');
    await page.waitForURL(/\/report\/decisions\//);
    expect(await page.textContent('#verdict')).toBe('PROBLEM');
    expect(await page.getAttribute('#checks li[data-check="hash"]', 'data-state')).toBe('problem');
    expect(await page.textContent('#checks')).toContain('edited: the content no longer matches its hash');
    expect(await page.textContent('#chain-position')).toContain('seq 3');
    await shoot(page, '02-edited-record');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('why a chain says OK or PROBLEM: seal and signature in words, re-verified by the verify checker', async () => {
    const { page, errors } = await open('/report');
    await page.click('#chains a[href="/report/chains/credit-writer"]');
    await page.waitForURL(/\/report\/chains\/credit-writer$/);
    expect(await page.textContent('#chain-words')).toBe('unsigned; written after seal: 1 record after the final checkpoint at seq 60');
    expect(await page.textContent('#reverify')).toBe('OK');
    expect(await page.textContent('#checkpoints')).toContain('final (seal)');
    await shoot(page, '08-chain-ok');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/report/chains/fraud-writer`);
    expect(await page.textContent('#reverify')).toMatch(/PROBLEMS?$/);
    const kinds = await page.locator('#reverify-problems li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['gap', 'edited']));
    await page.click('#reverify-problems li[data-kind="edited"] a');
    await page.waitForURL(/\/report\/decisions\//);
    expect(await page.textContent('#verdict')).toBe('PROBLEM');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('filters, sorts and pages the decision list without JavaScript', async () => {
    const { page, errors } = await open('/report/decisions');
    expect(await page.locator('#decisions tbody tr').count()).toBe(50);
    await page.selectOption('select[name="aiSystemId"]', 'credit-assistant');
    await page.selectOption('select[name="status"]', 'completed');
    await page.selectOption('select[name="redaction"]', 'IBAN');
    await Promise.all([page.waitForURL(/aiSystemId=credit-assistant/), page.click('form.filters button[type="submit"]')]);
    const systems = await page.locator('#decisions tbody tr td:nth-child(2)').allTextContents();
    expect(systems.length).toBeGreaterThan(20);
    expect(new Set(systems)).toEqual(new Set(['credit-assistant']));
    expect(await page.textContent('#result-count')).toMatch(/^27 records match/);
    await shoot(page, '03-filtered-list');
    expect(await axeViolations(page)).toEqual([]);

    // Sort by model (a header link), then page through all of it.
    await Promise.all([page.waitForURL(/sort=model/), page.click('#decisions thead a:has-text("model")')]);
    const models = await page.locator('#decisions tbody tr td:nth-child(3)').allTextContents();
    expect(models).toEqual([...models].sort());
    await page.goto(`${server.url}/report/decisions?aiSystemId=credit-assistant`);
    await page.click('#next-page');
    expect(await page.locator('#decisions tbody tr').count()).toBe(61 - 50);
    expect(await page.locator('#next-page').count()).toBe(0);
    expect(errors).toEqual([]);
    // A malformed filter is named, not ignored.
    const bad = await page.goto(`${server.url}/report/decisions?aiSystemid=fraud-screening`);
    expect(bad?.status()).toBe(400);
    expect(await page.textContent('[role="alert"]')).toContain('aiSystemid: unknown query parameter');
    await page.close();
  }, 60_000);

  it('opens a decision: metadata, content, chain position, checkpoint, linked review and agent run', async () => {
    const reviewed = log.credit[4]!;
    const { page, errors } = await open(`/report/decisions?traceId=${reviewed.traceId}`);
    await page.click(`tr[data-decision-id="${reviewed.decisionId}"] td:first-child a`);
    await page.waitForURL(/\/report\/decisions\/[0-9a-f-]+$/);
    const meta = await page.textContent('#metadata');
    expect(meta).toContain('credit-assistant');
    expect(meta).toContain('credit-policy-2026-01');
    expect(await page.textContent('#verdict')).toBe('OK');
    expect(await page.textContent('#checks')).toContain('covered by the checkpoint at seq 60');
    expect(await page.textContent('#checks')).toContain('sealed by the final checkpoint at seq 60');
    expect(await page.textContent('#chain-position')).toContain('(final: seals the chain)');
    const input = await page.textContent('#content-input');
    expect(input).toContain('Never decide above 10,000 EUR');
    expect(input).toContain('tool call credit_score');
    expect(input).toContain('"score": 712');
    expect(await page.textContent('#links')).toContain('Reviewed by');
    expect(await page.textContent('#links')).toContain('analyst-17');
    expect(await page.textContent('body')).toContain('The agent run it belongs to');
    await shoot(page, '04-decision');
    expect(await axeViolations(page)).toEqual([]);

    // The record written after the seal says so.
    await page.goto(`${server.url}/report/decisions/${log.credit.at(-1)!.decisionId}`);
    expect(await page.textContent('#checks')).toContain("written after seal: the chain's final checkpoint is at seq 60");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('AI systems and oversight pages', async () => {
    const { page } = await open('/report/systems');
    expect(await page.textContent('#systems tr[data-ai-system-id="fraud-screening"]')).toContain('host-b');
    await shoot(page, '05-systems');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/report/oversight`);
    expect(await page.textContent('#reviews')).toContain('analyst-17');
    expect(await page.textContent('#reviews')).toContain('override');
    expect(await page.textContent('#policies')).toContain('credit-policy-2026-03');
    await shoot(page, '06-oversight');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('exports exactly what is shown, and vaxelia-otel verify accepts the export and the evidence pack', async () => {
    const { page } = await open('/report/decisions?aiSystemId=credit-assistant&status=failed');
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('#export-jsonl')]);
    const file = join(dir, 'download.jsonl');
    await jsonl.saveAs(file);
    const verdict = await verifyFile(file);
    expect(verdict.code, verdict.printed).toBe(0);
    expect(verdict.printed).toContain('OK: 61 records in 1 chain');
    const [pack] = await Promise.all([page.waitForEvent('download'), page.click('#export-evidence')]);
    const packFile = join(dir, 'pack.jsonl');
    await pack.saveAs(packFile);
    expect((await verifyFile(packFile)).code).toBe(0);
    const lines = readFileSync(packFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const selected = lines.filter((l) => l.vaxeliaEvidence?.selected).map((l) => l.record.decisionId);
    const shown = await page.locator('#decisions tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-decision-id')));
    expect(selected.sort()).toEqual(shown.sort());
    await page.close();
  }, 60_000);

  it('prints: report id, generation time, SHA-256 of the data shown, page numbers; a PDF comes out', async () => {
    const { page } = await open('/report/decisions?aiSystemId=fraud-screening&sort=received');
    const sha = await page.getAttribute('#imprint', 'data-sha256');
    // The hash is of the records shown, exactly as stored: the API returns the same bodies.
    const api = await fetch(`${server.url}/v1/decisions?aiSystemId=fraud-screening&sort=received&limit=50`, {
      headers: { authorization: `Bearer ${READ_KEY}` },
    });
    const bodies = ((await api.json()) as { decisions: unknown[] }).decisions.map((d) => JSON.stringify(d));
    expect(sha).toBe(createHash('sha256').update(bodies.join('\n')).digest('hex'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('form.filters').isVisible()).toBe(false);
    expect(await page.textContent('#imprint')).toContain(sha!);
    const css = await page.textContent('style');
    expect(css).toContain('counter(page)');
    expect(css).toContain('counter(pages)');
    await shoot(page, '07-print-media');
    const pdf = await page.pdf({ path: join(ARTIFACTS, 'decisions.pdf'), format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(0);
    await page.close();
  }, 60_000);
});
