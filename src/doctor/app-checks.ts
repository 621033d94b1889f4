import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findIncompatibleClients, installedVersion } from '../processor/client-compatibility.js';
import { error, type Finding, ok, warn } from './finding.js';

/** Installed GenAI instrumentations against the installed clients they patch. */
export function checkInstrumentations(cwd: string): Finding[] {
  const findings: Finding[] = findIncompatibleClients(cwd).map((f) =>
    error('instrumentation.client', `${f.instrumentation} ${f.instrumentationVersion} does not patch ${f.client} ${f.clientVersion}`, f.message),
  );
  const installed = INSTRUMENTATIONS.filter((name) => installedVersion(name, cwd) !== undefined);
  if (installed.length === 0) findings.push(warn('instrumentation.installed', 'no GenAI instrumentation is installed here', 'install one, e.g. @opentelemetry/instrumentation-openai, and register it with the SDK'));
  else if (findings.length === 0) findings.push(ok('instrumentation.installed', `instrumentations: ${installed.map((n) => `${n} ${installedVersion(n, cwd)}`).join(', ')}`));
  return findings;
}

const INSTRUMENTATIONS = [
  '@opentelemetry/instrumentation-openai',
  '@traceloop/instrumentation-openai',
  '@traceloop/instrumentation-anthropic',
  '@traceloop/instrumentation-langchain',
  '@traceloop/instrumentation-vertexai',
  '@arizeai/openinference-instrumentation-openai',
  '@arizeai/openinference-instrumentation-langchain',
  '@langfuse/tracing',
];

/** Content-capture switches: off, decisions are recorded without what was asked and answered. */
export function checkContentSwitches(cwd: string, env: NodeJS.ProcessEnv): Finding[] {
  const findings: Finding[] = [];
  if (installedVersion('@opentelemetry/instrumentation-openai', cwd) && env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT !== 'true') {
    findings.push(warn('content.otel', 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT is not true: OpenAI decisions carry no messages (unless the app passes captureMessageContent: true)', 'set OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true'));
  }
  if (env.TRACELOOP_TRACE_CONTENT === 'false') findings.push(warn('content.traceloop', 'TRACELOOP_TRACE_CONTENT=false: OpenLLMetry decisions carry no messages', 'unset it or set TRACELOOP_TRACE_CONTENT=true'));
  for (const name of ['OPENINFERENCE_HIDE_INPUTS', 'OPENINFERENCE_HIDE_OUTPUTS', 'OPENINFERENCE_HIDE_INPUT_MESSAGES', 'OPENINFERENCE_HIDE_OUTPUT_MESSAGES']) {
    if (env[name] === 'true') findings.push(warn('content.openinference', `${name}=true: OpenInference decisions carry no ${name.includes('INPUT') ? 'input' : 'output'}`, `unset ${name}`));
  }
  if (installedVersion('@anthropic-ai/sdk', cwd) && env.ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE !== 'content') {
    findings.push(warn('content.anthropic', "the Anthropic SDK's own tracing records metadata only", 'set ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE=content'));
  }
  return findings;
}

/** A head sampler from the environment drops AI spans before any processor sees them. */
export function checkSampler(env: NodeJS.ProcessEnv): Finding {
  const sampler = env.OTEL_TRACES_SAMPLER?.toLowerCase();
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const drops = sampler === 'always_off' || sampler === 'parentbased_always_off' || (sampler?.endsWith('traceidratio') === true && !(ratio >= 1));
  if (!drops) return ok('sampling', sampler ? `OTEL_TRACES_SAMPLER=${sampler} records every span` : 'no sampler in the environment');
  return error('sampling', `OTEL_TRACES_SAMPLER=${sampler}${sampler?.includes('ratio') ? ` (${env.OTEL_TRACES_SAMPLER_ARG ?? 1})` : ''} drops AI spans before the decision processor sees them`, 'wrap the sampler in DecisionRecordingSampler in code (README, Sampling) and unset OTEL_TRACES_SAMPLER');
}

/** An ES-module app whose start command registers no loader hook records nothing. */
export function checkEsmHook(cwd: string, env: NodeJS.ProcessEnv): Finding | undefined {
  const file = join(cwd, 'package.json');
  if (!existsSync(file)) return undefined;
  let pkg: { type?: string; main?: string; scripts?: Record<string, string> };
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return warn('esm.hook', 'package.json is not valid JSON', 'fix package.json');
  }
  const esm = pkg.type === 'module' || pkg.main?.endsWith('.mjs') === true;
  if (!esm) return ok('esm.hook', 'CommonJS app: instrumentations patch require() without a loader hook');
  const hooked = (text: string | undefined) => /--import|--(experimental-)?loader/.test(text ?? '');
  if (hooked(env.NODE_OPTIONS) || hooked(pkg.scripts?.start)) return ok('esm.hook', 'ES-module app started with --import / a loader');
  return warn('esm.hook', 'ES-module app, and neither the start script nor NODE_OPTIONS loads the instrumentation with --import: ESM imports are not patched', "start with `node --import ./telemetry.mjs app.mjs`, registering '@opentelemetry/instrumentation/hook.mjs' (README, Setup)");
}
