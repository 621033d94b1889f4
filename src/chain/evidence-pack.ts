import type { ChainSummary, VerifyChainResult } from './verify/verify-chain.js';
import { isCheckpointRecord } from './format/checkpoint.js';

/** Frameworks an evidence pack can map records to. */
export type EvidenceFramework = 'eu-ai-act';

export const EVIDENCE_FRAMEWORKS: readonly EvidenceFramework[] = ['eu-ai-act'];

/** A control a record supports, e.g. EU AI Act Art. 12 record-keeping. */
export interface EvidenceControl {
  id: string;
  title: string;
  /** Why records support it; a pointer for an auditor, not a legal assessment. */
  rationale: string;
}

export const NOT_LEGAL_ADVICE =
  'This evidence pack is not legal advice. It maps technical records to the controls they may support; ' +
  'whether they satisfy an obligation is for your compliance and legal teams to assess.';

const EU_AI_ACT: Record<string, EvidenceControl> = {
  'art-9': {
    id: 'eu-ai-act/art-9',
    title: 'EU AI Act Art. 9 — Risk management system',
    rationale: 'The record carries the checks (guardrails, evaluations, rules) run on the output, their results, and the action taken.',
  },
  'art-12': {
    id: 'eu-ai-act/art-12',
    title: 'EU AI Act Art. 12 — Record-keeping',
    rationale: 'Automatically generated, hash-chained log of the AI system’s decisions over its lifetime.',
  },
  'art-13': {
    id: 'eu-ai-act/art-13',
    title: 'EU AI Act Art. 13 — Transparency and provision of information to deployers',
    rationale: 'The record names the model, provider and service that produced the output, for interpreting it.',
  },
  'art-14': {
    id: 'eu-ai-act/art-14',
    title: 'EU AI Act Art. 14 — Human oversight',
    rationale: 'The record carries the human-oversight context the application attached to the decision.',
  },
  'art-19': {
    id: 'eu-ai-act/art-19',
    title: 'EU AI Act Art. 19 — Automatically generated logs (retention)',
    rationale: 'The record is part of a tamper-evident log whose completeness checkpoints and heads attest.',
  },
};

/** The first line of a pack. */
export interface EvidencePackHeader {
  version: 1;
  framework: EvidenceFramework;
  generatedAt: string;
  notice: string;
  source?: string;
  /** Result of verifying the source records when the pack was built. */
  verification: { ok: boolean; problems: number; signaturesChecked: boolean };
  count: number;
  period?: { from: string; to: string };
  /** Per chain: records, seq range and head; `verify` treats these heads as expected (truncation check). */
  chains: ChainSummary[];
  /** `SHA256:<hex>` of the Ed25519 public key the records were verified with, when one was given. */
  publicKeyFingerprint?: string;
  controls: EvidenceControl[];
}

/** Pack lines: `{ vaxeliaEvidencePack: header }`, then `{ vaxeliaEvidence: { controls }, record }`. */
export type EvidenceLine =
  | { type: 'header'; header: EvidencePackHeader }
  | { type: 'record'; record: unknown; controls: string[] }
  | { type: 'plain'; record: unknown };

/** Recognises pack lines, so `verify` accepts a pack as well as a plain decision log. */
export function readEvidenceLine(value: unknown): EvidenceLine {
  if (typeof value === 'object' && value !== null) {
    const v = value as { vaxeliaEvidencePack?: unknown; vaxeliaEvidence?: { controls?: unknown }; record?: unknown };
    if (typeof v.vaxeliaEvidencePack === 'object' && v.vaxeliaEvidencePack !== null) {
      return { type: 'header', header: v.vaxeliaEvidencePack as EvidencePackHeader };
    }
    if (typeof v.vaxeliaEvidence === 'object' && v.vaxeliaEvidence !== null && 'record' in v) {
      const controls = Array.isArray(v.vaxeliaEvidence.controls) ? v.vaxeliaEvidence.controls.map(String) : [];
      return { type: 'record', record: v.record, controls };
    }
  }
  return { type: 'plain', record: value };
}

/** The controls (ids) one record supports. The chained record itself is never modified. */
export function controlsFor(record: unknown, framework: EvidenceFramework = 'eu-ai-act'): string[] {
  void framework; // one framework so far
  const r = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
  const ids = ['art-12', 'art-19'];
  if (!isCheckpointRecord(r)) {
    if (typeof r.modelUsed === 'string' || r.provider !== undefined || r.service !== undefined) ids.push('art-13');
    if ((typeof r.humanOversight === 'object' && r.humanOversight !== null) || r.action === 'escalate') ids.push('art-14');
    if ((Array.isArray(r.checks) && r.checks.length > 0) || typeof r.action === 'string') ids.push('art-9');
  }
  return ids.sort(byArticle).map((id) => EU_AI_ACT[id]!.id);
}

function byArticle(a: string, b: string): number {
  return Number(a.slice(4)) - Number(b.slice(4));
}

/** What an auditor looks for first in a record's checks: how many ran, which fired, what was done. */
export interface CheckSummary {
  run: number;
  fired: string[];
  action?: string;
}

export function checkSummaryOf(record: unknown): CheckSummary | undefined {
  const r = (typeof record === 'object' && record !== null ? record : {}) as { checks?: unknown; action?: unknown };
  const checks = Array.isArray(r.checks) ? r.checks.filter((c): c is { name?: unknown; fired?: unknown } => typeof c === 'object' && c !== null) : [];
  if (checks.length === 0 && typeof r.action !== 'string') return undefined;
  const summary: CheckSummary = { run: checks.length, fired: checks.filter((c) => c.fired === true).map((c) => String(c.name)) };
  if (typeof r.action === 'string') summary.action = r.action;
  return summary;
}

export function createEvidenceHeader(
  verification: VerifyChainResult,
  options: { framework?: EvidenceFramework; source?: string; publicKeyFingerprint?: string; now?: () => number; signaturesChecked?: boolean },
): EvidencePackHeader {
  const chains = verification.chains;
  const from = chains.map((c) => c.period?.from).filter((x): x is string => x !== undefined).sort()[0];
  const to = chains.map((c) => c.period?.to).filter((x): x is string => x !== undefined).sort().at(-1);
  const header: EvidencePackHeader = {
    version: 1,
    framework: options.framework ?? 'eu-ai-act',
    generatedAt: new Date((options.now ?? Date.now)()).toISOString(),
    notice: NOT_LEGAL_ADVICE,
    verification: {
      ok: verification.ok,
      problems: verification.problems.length,
      signaturesChecked: options.signaturesChecked ?? options.publicKeyFingerprint !== undefined,
    },
    count: verification.count,
    chains,
    controls: Object.values(EU_AI_ACT),
  };
  if (options.source !== undefined) header.source = options.source;
  if (from !== undefined && to !== undefined) header.period = { from, to };
  if (options.publicKeyFingerprint !== undefined) header.publicKeyFingerprint = options.publicKeyFingerprint;
  return header;
}

export function evidenceHeaderLine(header: EvidencePackHeader): string {
  return JSON.stringify({ vaxeliaEvidencePack: header });
}

/**
 * One pack line: the annotations in a wrapper, never inside the chained record (so it still
 * verifies). Pass `recordJson`, the record's original line, to keep it byte-for-byte.
 */
export function evidenceRecordLine(record: unknown, framework: EvidenceFramework = 'eu-ai-act', recordJson?: string): string {
  const checks = checkSummaryOf(record);
  const annotation = JSON.stringify(checks ? { controls: controlsFor(record, framework), checks } : { controls: controlsFor(record, framework) });
  return `{"vaxeliaEvidence":${annotation},"record":${recordJson ?? JSON.stringify(record)}}`;
}

/** In-memory convenience: the whole pack as JSON Lines (header first). */
export function buildEvidencePack(
  records: readonly unknown[],
  verification: VerifyChainResult,
  options: { framework?: EvidenceFramework; source?: string; publicKeyFingerprint?: string; now?: () => number } = {},
): string {
  const lines = [evidenceHeaderLine(createEvidenceHeader(verification, options))];
  for (const r of records) lines.push(evidenceRecordLine(r, options.framework));
  return `${lines.join('\n')}\n`;
}
