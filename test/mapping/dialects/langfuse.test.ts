import { describe, expect, it } from 'vitest';
import type { AIDecision } from '../../../src/decision.js';
import { spanToDecision } from '../../../src/mapping/span-to-decision.js';
import { CAPTURED_FIXTURES_DIR, loadFixture } from '../../support/fixtures.js';
import { specSpan } from '../../support/span-builder.js';

const load = (file: string) =>
  loadFixture(file, CAPTURED_FIXTURES_DIR)
    .spans.map((span) => spanToDecision(span))
    .filter((d): d is AIDecision => d !== undefined);

describe('Langfuse observations (@langfuse/tracing 5.11.1 captures)', () => {
  it('generation: model, OpenAI messages as input, the assistant message as output, usage details', () => {
    const [d] = load('langfuse-tracing/generation.json');
    expect(d).toMatchObject({ operation: 'chat', modelUsed: 'gpt-4o-mini', status: 'completed', usage: { inputTokens: 31, outputTokens: 25, totalTokens: 56 } });
    expect(d!.input.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(d!.output.messages[0]!.role).toBe('assistant');
    expect(d!.source?.dialects).toEqual(['langfuse']);
  });

  it('level ERROR is a failed decision with the status message', () => {
    const [d] = load('langfuse-tracing/generation_error.json');
    expect(d!.status).toBe('failed');
    expect(d!.error?.message).toMatch(/^400 /);
  });

  it('embedding and agent observations are decisions; plain spans are not', () => {
    const decisions = load('langfuse-tracing/embedding_in_agent.json');
    expect(decisions.map((d) => d.operation).sort()).toEqual(['embeddings', 'invoke_agent']);
  });
});

describe('Langfuse, from its attribute documentation', () => {
  it('tool observation; OpenAI-style usage keys; session id', () => {
    const d = spanToDecision(
      specSpan({ 'langfuse.observation.type': 'tool', 'langfuse.observation.input': '{"city":"Paris"}', 'langfuse.observation.output': '{"temp":18}', 'session.id': 's-1' }, { name: 'get_weather' }),
    )!;
    expect(d).toMatchObject({ operation: 'execute_tool', tool: { name: 'get_weather' }, conversationId: 's-1' });
    expect(d.input.messages[0]!.parts[0]).toMatchObject({ type: 'tool_call', name: 'get_weather', arguments: { city: 'Paris' } });
    const usage = spanToDecision(
      specSpan({ 'langfuse.observation.type': 'generation', 'langfuse.observation.model.name': 'm', 'langfuse.observation.usage_details': '{"prompt_tokens":7,"completion_tokens":3,"input_cached_tokens":2}' }),
    )!;
    expect(usage.usage).toEqual({ inputTokens: 7, outputTokens: 3, cacheReadInputTokens: 2 });
  });
});
