// First: an older Node.js fails here with one clear line.
import '../node-version-guard.js';
export { startServer } from './start-server.js';
export type { DecisionLogServer, ServerOptions } from './server-options.js';
export { createDecisionStore } from './decision-store.js';
export type { DecisionStore, IngestItem, IngestResult } from './decision-store.js';
export type { DecisionFilter, SortKey } from './decision-filter.js';
export type { DecisionPage, DecisionRow } from './decision-reader.js';
export type { ChainStatus, StoredChainProblem, StoredProblemKind } from './chain-status.js';
export type { ChainCheckResult, CheckpointState, LinkState } from './chain-check.js';
export type { ReportData } from './report/report-data.js';
export { renderReport, REPORT_NOTICE } from './report/render-report.js';
export { validateDecision, type ValidDecision, type Validation } from './validate-decision.js';
export { SCHEMA_VERSION } from './migrations.js';
