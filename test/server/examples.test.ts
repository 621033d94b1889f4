import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, runNode } from './support/run-node.js';

/** Smoke test: each example runs as a user would run it, against the built package. */
beforeAll(requireBuild, 300_000);

describe.each(['openai-node-sdk', 'traceloop-openai', 'vercel-ai-sdk', 'human-review'])('examples/%s', (name) => {
  it('runs against the reference server and the LLM stand-in, and its chain verifies', async () => {
    const { code, stdout, stderr } = await runNode(`examples/${name}/index.mjs`);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/recorded [1-9]\d* decisions; chain OK/);
  }, 90_000);
});
