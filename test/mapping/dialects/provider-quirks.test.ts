import { describe, expect, it } from 'vitest';
import { spanToDecision } from '../../../src/mapping/span-to-decision.js';
import { specSpan } from '../../support/span-builder.js';

/**
 * Spans shaped as the instrumentations' sources emit them (not captured here: no Bedrock or Vertex
 * stand-in yet — a shortcut named in the issue's closing note).
 */
describe('AWS SDK Bedrock InvokeModel (@opentelemetry/instrumentation-aws-sdk)', () => {
  const base = { 'rpc.system': 'aws-api', 'rpc.service': 'BedrockRuntime', 'gen_ai.system': 'aws.bedrock' };
  it('InvokeModel has an operation: chat, or embeddings for an embedding model', () => {
    const chat = spanToDecision(specSpan({ ...base, 'rpc.method': 'InvokeModel', 'gen_ai.request.model': 'anthropic.claude-3-5-sonnet', 'gen_ai.usage.input_tokens': 12 }, { name: 'BedrockRuntime.InvokeModel' }))!;
    expect(chat).toMatchObject({ operation: 'chat', provider: 'aws.bedrock', modelUsed: 'anthropic.claude-3-5-sonnet', usage: { inputTokens: 12 } });
    const stream = spanToDecision(specSpan({ ...base, 'rpc.method': 'InvokeModelWithResponseStream', 'gen_ai.request.model': 'meta.llama3' }, { name: 'BedrockRuntime.InvokeModelWithResponseStream' }))!;
    expect(stream.operation).toBe('chat');
    const embed = spanToDecision(specSpan({ ...base, 'rpc.method': 'InvokeModel', 'gen_ai.request.model': 'amazon.titan-embed-text-v2:0' }, { name: 'BedrockRuntime.InvokeModel' }))!;
    expect(embed.operation).toBe('embeddings');
  });
});

describe('Vertex AI (@traceloop/instrumentation-vertexai)', () => {
  it('Gemini generateContent is chat, role model is assistant, the system prompt is systemInstructions', () => {
    const d = spanToDecision(
      specSpan(
        {
          'gen_ai.system': 'Google',
          'llm.request.type': 'completion',
          'gen_ai.request.model': 'gemini-2.0-flash',
          'gen_ai.prompt.0.role': 'system',
          'gen_ai.prompt.0.content': 'You are a careful underwriter.',
          'gen_ai.prompt.1.role': 'user',
          'gen_ai.prompt.1.content': 'Approve applicant 17?',
          'gen_ai.completion.0.role': 'model',
          'gen_ai.completion.0.content': 'Declined.',
        },
        { name: 'vertexai.generateContent', instrumentationScope: { name: '@traceloop/instrumentation-vertexai' } },
      ),
    )!;
    expect(d.operation).toBe('chat');
    expect(d.input.systemInstructions).toEqual([{ type: 'text', content: 'You are a careful underwriter.' }]);
    expect(d.input.messages.map((m) => m.role)).toEqual(['user']);
    expect(d.output.messages.map((m) => m.role)).toEqual(['assistant']);
  });

  it('other providers keep their system messages and operations', () => {
    const d = spanToDecision(specSpan({ 'gen_ai.system': 'OpenAI', 'llm.request.type': 'completion', 'gen_ai.request.model': 'gpt-3.5-turbo-instruct', 'gen_ai.prompt.0.role': 'system', 'gen_ai.prompt.0.content': 'x' }))!;
    expect(d.operation).toBe('text_completion');
    expect(d.input.messages.map((m) => m.role)).toEqual(['system']);
  });
});
