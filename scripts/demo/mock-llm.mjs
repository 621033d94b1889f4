// @ts-check
/**
 * A LOCAL STAND-IN FOR THE OPENAI API — not a model. It answers chat completions (JSON and
 * streamed SSE, with tool calls) deterministically, so the demo and the examples run with no
 * account and no network. The reply logic follows test/e2e/support/mock-openai-server.ts: a tool
 * call when tools are offered, a sentence about the tool result after one, otherwise an echo of the
 * email / phone in the prompt (so the decision log has PII to redact on both sides).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;
const PHONE = /\+\d[\d -]{7,}\d/;

/** @param {unknown} content */
function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String(p.text) : '')).join('');
  return '';
}

/** @param {string} text */
const words = (text) => text.split(/\s+/).filter(Boolean).length;

/** @param {Record<string, any>} body */
function reply(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages.at(-1);
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (last?.role === 'tool') {
    let text = `The tool said: ${textOf(last.content)}`;
    try {
      const r = JSON.parse(textOf(last.content));
      if (r.location) text = `The weather in ${r.location} is ${r.temperature}°C and ${r.conditions ?? 'clear'}.`;
    } catch {}
    return { kind: 'text', text };
  }
  if (tools.length > 0) {
    const name = String(tools[0].function?.name ?? tools[0].name);
    const userText = textOf([...messages].reverse().find((m) => m.role === 'user')?.content);
    const city = /\bin ([A-Z][a-z]+)/.exec(userText)?.[1] ?? 'Paris';
    return { kind: 'tool_call', name, arguments: JSON.stringify({ location: city, unit: 'celsius' }) };
  }
  const userText = textOf([...messages].reverse().find((m) => m.role === 'user')?.content);
  const email = EMAIL.exec(userText)?.[0]?.replace(/[.)]+$/, '');
  const phone = PHONE.exec(userText)?.[0];
  if (email && phone) {
    return { kind: 'text', text: `Thanks! I have noted your email ${email} and will call you at ${phone}. Please never share full card numbers in chat.` };
  }
  if (email) return { kind: 'text', text: `Hello! We will send a confirmation to ${email}.` };
  return { kind: 'text', text: 'Hello! How can I help you today?' };
}

/**
 * Starts the stand-in on a free loopback port.
 * @returns {Promise<{ baseURL: string, requests: number, close(): Promise<void> }>}
 */
export async function startMockLLM() {
  let counter = 0;
  const state = { requests: 0 };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    /** @type {Record<string, any>} */
    let body = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {}
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `The demo stand-in only serves POST /v1/chat/completions, not ${req.method} ${path}.`, type: 'invalid_request_error' } }));
      return;
    }
    state.requests++;
    counter++;
    const r = reply(body);
    const id = `chatcmpl-demo${String(counter).padStart(4, '0')}`;
    const callId = `call_demo${String(counter).padStart(4, '0')}`;
    const model = `${body.model ?? 'gpt-4o-mini'}-2024-07-18`;
    const inputTokens = (Array.isArray(body.messages) ? body.messages : []).reduce((n, m) => n + 3 + words(textOf(m.content)), 0);
    const outputTokens = r.kind === 'text' ? words(r.text) : 5 + words(r.arguments);
    const usage = { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens };
    const finish = r.kind === 'tool_call' ? 'tool_calls' : 'stop';
    const base = { id, created: 1_790_000_000, model, system_fingerprint: 'fp_demo' };
    const toolCall = { id: callId, type: 'function', function: { name: r.name, arguments: r.arguments } };
    if (body.stream !== true) {
      const message = r.kind === 'text' ? { role: 'assistant', content: r.text, refusal: null } : { role: 'assistant', content: null, refusal: null, tool_calls: [toolCall] };
      const text = JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': `req_demo_${counter}` });
      res.end(text);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    /** @param {unknown[]} choices @param {Record<string, unknown>} [extra] */
    const send = (choices, extra = {}) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`);
    send([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
    if (r.kind === 'text') {
      for (const piece of r.text.match(/\S+\s*/g) ?? [r.text]) {
        send([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } else {
      send([{ index: 0, delta: { tool_calls: [{ index: 0, ...toolCall }] }, logprobs: null, finish_reason: null }]);
    }
    send([{ index: 0, delta: {}, logprobs: null, finish_reason: finish }]);
    if (body.stream_options?.include_usage) send([], { usage });
    res.end('data: [DONE]\n\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
