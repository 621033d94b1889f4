import type { Message, MessagePart, ToolDefinition } from '../decision.js';

/**
 * The content a decision carries, filled by the dialect readers in precedence order: the first
 * dialect that supplies a slot wins, so a span carrying two dialects is not recorded twice.
 */
export interface ContentSlots {
  input?: Message[];
  output?: Message[];
  systemInstructions?: MessagePart[];
  toolDefinitions?: ToolDefinition[];
}

export function fill<K extends keyof ContentSlots>(slots: ContentSlots, key: K, value: ContentSlots[K] | undefined): boolean {
  if (slots[key] !== undefined || value === undefined) return false;
  if (Array.isArray(value) && value.length === 0) return false;
  slots[key] = value;
  return true;
}
