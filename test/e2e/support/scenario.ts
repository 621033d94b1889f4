/** The prompts every e2e scenario sends (the same as shared/fixtures) and what the mock answers. */
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

// Guard: the literals above are what the mock really answers.
if (echoReply(PII_PROMPT) !== PII_REPLY || echoReply(GREETING_PROMPT) !== GREETING_REPLY) {
  throw new Error('scenario replies are out of sync with mock-openai-replies.ts');
}
