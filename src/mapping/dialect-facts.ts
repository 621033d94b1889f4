import type { DecisionAgent, DecisionCheck, DecisionTool, DecisionUsage } from '../decision.js';

/**
 * What a dialect with its own vocabulary (OpenInference, Langfuse) says about the call beyond its
 * content: used wherever the span carries no GenAI semantic-convention attribute for the same field.
 */
export interface DialectFacts {
  operation?: string;
  requestModel?: string;
  responseModel?: string;
  provider?: string;
  responseId?: string;
  finishReasons?: string[];
  usage?: DecisionUsage;
  /** Set when the dialect itself marks the call failed (Langfuse `level = ERROR`). */
  failure?: { message?: string };
  tool?: DecisionTool;
  agent?: DecisionAgent;
  conversationId?: string;
  /** Checks the span itself is (an OpenInference GUARDRAIL or EVALUATOR span). */
  checks?: DecisionCheck[];
}
