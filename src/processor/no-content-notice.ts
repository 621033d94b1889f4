import type { AIDecision } from '../decision.js';
import type { Logger } from '../core/logger.js';
import { contentSwitchFor, NO_CONTENT_WARNING_PREFIX } from '../mapping/content-warning.js';

/** Instrumentation scopes told about at most: a hostile span stream cannot grow the set. */
const MAX_SCOPES = 256;

/**
 * Silence is a defect: decisions recorded without any message content (content capture off — the
 * default of most instrumentations) carry a `mappingWarnings` entry, and a person is told once per
 * instrumentation scope which switch turns content capture on.
 */
export class NoContentNotice {
  private readonly told = new Set<string>();

  constructor(private readonly logger: Logger) {}

  check(decision: AIDecision): void {
    if (!decision.mappingWarnings?.some((warning) => warning.startsWith(NO_CONTENT_WARNING_PREFIX))) return;
    const scope = decision.source?.scope ?? decision.source?.dialects.join('+') ?? 'unknown';
    if (this.told.has(scope) || this.told.size >= MAX_SCOPES) return;
    this.told.add(scope);
    this.logger('warn', `AI decisions from ${scope} are recorded without message content; to record what was asked and answered, turn on ${contentSwitchFor(decision.source?.scope, decision.source?.dialects)}`, {
      scope,
    });
  }
}
