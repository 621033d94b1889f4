/** The prompts every e2e scenario sends (the same as test/fixtures/spans) and what the mock answers. */
import { echoReply } from './mock-openai-replies.js';

export const SYSTEM_PROMPT = 'You are a helpful customer-support assistant for ACME Bank. Answer briefly.';
export const PII_PROMPT = 'My email is jane.doe@example.com, card 4111 1111 1111 1111, call me at +1 415-555-0132';
export const PII_REPLY =
  'Thanks! I have noted your email jane.doe@example.com and will call you at +1 415-555-0132. For your security, please never share full card numbers in chat.';
export const GREETING_PROMPT = 'Write a one-sentence greeting for Jane (jane.doe@example.com).';
export const GREETING_REPLY = 'Hello! We will send a confirmation to jane.doe@example.com.';

export const WEATHER_PROMPT = 'What is the weather like in Paris right now?';
export const WEATHER_ARGUMENTS = { location: 'Paris', unit: 'celsius' };
export const WEATHER_RESULT = { location: 'Paris', temperature: 18, unit: 'celsius', conditions: 'partly cloudy' };
export const WEATHER_REPLY = 'The weather in Paris is 18°C and partly cloudy.';
export const WEATHER_TOOL_DESCRIPTION = 'Get the current weather for a city';
export const WEATHER_PARAMETERS = {
  type: 'object',
  properties: {
    location: { type: 'string', description: 'City name, e.g. Paris' },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
  },
  required: ['location'],
  additionalProperties: false,
};

export const EMBEDDING_INPUTS = ['Customer jane.doe@example.com asked about card 4111 1111 1111 1111', 'Second document about savings accounts'];

/**
 * What the records hold after the default redaction (placeholder mode). Kept in this one place: the
 * e2e tests check mapping and redaction together, as a user's records come out of the pipeline.
 */
export const REDACTED = {
  PII_PROMPT: 'My email is [EMAIL], card [CREDIT_CARD], call me at [PHONE]',
  PII_REPLY:
    'Thanks! I have noted your email [EMAIL] and will call you at [PHONE]. For your security, please never share full card numbers in chat.',
  GREETING_PROMPT: 'Write a one-sentence greeting for Jane ([EMAIL]).',
  GREETING_REPLY: 'Hello! We will send a confirmation to [EMAIL].',
  EMBEDDING_INPUTS: ['Customer [EMAIL] asked about card [CREDIT_CARD]', 'Second document about savings accounts'],
} as const;
/** PII found in one PII_PROMPT → PII_REPLY exchange (the reply echoes the email and the phone). */
export const PII_EXCHANGE_COUNTS = { EMAIL: 2, CREDIT_CARD: 1, PHONE: 2 };
/** Raw PII that must never appear in a record. */
export const RAW_PII = ['jane.doe@example.com', '4111 1111 1111 1111', '415-555-0132'];

// Guard: the literals above are what the mock really answers.
if (echoReply(PII_PROMPT) !== PII_REPLY || echoReply(GREETING_PROMPT) !== GREETING_REPLY) {
  throw new Error('scenario replies are out of sync with mock-openai-replies.ts');
}

/** The non-streaming Chat Completions request every OpenAI-client suite starts with. */
export const PII_CHAT_REQUEST = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system' as const, content: SYSTEM_PROMPT },
    { role: 'user' as const, content: PII_PROMPT },
  ],
};

/** `get_weather` as a Chat Completions tool. */
export const CHAT_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: WEATHER_TOOL_DESCRIPTION, parameters: WEATHER_PARAMETERS, strict: true },
};
