/**
 * What the mock LLM answers. Deterministic, so tests assert exact texts, ids and token counts:
 * - the last message is a tool result → a sentence built from the tool result's JSON;
 * - tools were offered (and no tool result yet) → one call of the first tool;
 * - otherwise → a text that echoes the email / phone found in the last user text (like the mock
 *   that captured test/fixtures/spans), or else quotes the user text back.
 */

/** A request reduced to what the reply depends on, whatever the API (chat, responses). */
export interface Conversation {
  /** Every text the request carried (system, user, assistant, tool), in order: the token count. */
  texts: string[];
  lastUserText: string;
  /** The last message is a tool result: its raw content. */
  toolResult?: string;
  /** Names of the offered tools, in order. */
  toolNames: string[];
}

export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'tool_call'; name: string; arguments: string };

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;
const PHONE = /\+\d[\d -]{7,}\d/;

export function replyTo(conversation: Conversation): Reply {
  if (conversation.toolResult !== undefined) return { kind: 'text', text: describeToolResult(conversation.toolResult) };
  const tool = conversation.toolNames[0];
  if (tool !== undefined) return { kind: 'tool_call', name: tool, arguments: toolArguments(tool, conversation.lastUserText) };
  return { kind: 'text', text: echoReply(conversation.lastUserText) };
}

/** The text answer for a user prompt (exported so tests can state what they expect). */
export function echoReply(userText: string): string {
  const email = EMAIL.exec(userText)?.[0]?.replace(/[.)]+$/, '');
  const phone = PHONE.exec(userText)?.[0];
  if (email && phone) {
    return `Thanks! I have noted your email ${email} and will call you at ${phone}. For your security, please never share full card numbers in chat.`;
  }
  if (email) return `Hello! We will send a confirmation to ${email}.`;
  return `You said: ${userText}`;
}

function toolArguments(tool: string, userText: string): string {
  if (tool !== 'get_weather') return '{}';
  const city = /\bin ([A-Z][a-z]+)/.exec(userText)?.[1] ?? 'Paris';
  return JSON.stringify({ location: city, unit: 'celsius' });
}

function describeToolResult(raw: string): string {
  try {
    const result = JSON.parse(raw) as Record<string, unknown>;
    if (typeof result.location === 'string' && result.temperature !== undefined) {
      const unit = result.unit === 'fahrenheit' ? 'F' : 'C';
      return `The weather in ${result.location} is ${result.temperature}°${unit} and ${String(result.conditions ?? 'clear')}.`;
    }
  } catch {
    // not JSON: fall through to the generic answer
  }
  return `The tool said: ${raw}`;
}

/** A toy tokenizer: one token per whitespace-separated word, plus 3 per message of overhead. */
export function countTokens(texts: readonly string[]): number {
  let tokens = 0;
  for (const text of texts) tokens += 3 + wordCount(text);
  return tokens;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function replyTokens(reply: Reply): number {
  return reply.kind === 'text' ? wordCount(reply.text) : 5 + wordCount(reply.arguments);
}

/** Deterministic 8-dimension embedding of a text. */
export function embeddingOf(text: string): number[] {
  const vector: number[] = [];
  for (let i = 0; i < 8; i++) {
    let h = 17 + i;
    for (let c = 0; c < text.length; c++) h = (h * 31 + text.charCodeAt(c) * (i + 1)) % 9973;
    vector.push(Math.round((h / 9973 - 0.5) * 1e4) / 1e4);
  }
  return vector;
}
