import { escapeHtml } from './escape-html.js';

/**
 * A decision's redacted content, readable: messages by role with their parts (text, reasoning, tool
 * calls with their arguments, tool results), system instructions and tool definitions. Anything of
 * another shape (the Python core's plain strings, a part type an instrumentation introduced) is
 * shown as it was recorded, never dropped.
 */
export function renderContent(value: unknown, heading: string): string {
  if (typeof value === 'string') return `<h3>${escapeHtml(heading)}</h3><pre>${escapeHtml(value)}</pre>`;
  if (!isObject(value)) return `<h3>${escapeHtml(heading)}</h3><p class="meta">not recorded</p>`;
  const out: string[] = [`<h3>${escapeHtml(heading)}</h3>`];
  if (Array.isArray(value.systemInstructions) && value.systemInstructions.length > 0) {
    out.push(`<div class="message role-system"><div class="role">system instructions</div>${value.systemInstructions.map(renderPart).join('')}</div>`);
  }
  const messages = Array.isArray(value.messages) ? value.messages : [];
  for (const m of messages) out.push(renderMessage(m));
  if (messages.length === 0 && !value.systemInstructions) out.push('<p class="meta">no messages</p>');
  if (Array.isArray(value.toolDefinitions) && value.toolDefinitions.length > 0) {
    out.push(
      `<details><summary>${value.toolDefinitions.length} tool definition(s) offered to the model</summary>${value.toolDefinitions
        .map((t) => (isObject(t) ? `<div class="message role-tool"><div class="role">tool ${escapeHtml(String(t.name ?? '?'))}</div>${t.description ? `<p>${escapeHtml(String(t.description))}</p>` : ''}${t.parameters === undefined ? '' : `<pre>${json(t.parameters)}</pre>`}</div>` : `<pre>${json(t)}</pre>`))
        .join('')}</details>`,
    );
  }
  const known = new Set(['messages', 'systemInstructions', 'toolDefinitions']);
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !known.has(k)));
  if (Object.keys(rest).length > 0) out.push(`<div class="part-label">other fields</div><pre>${json(rest)}</pre>`);
  return out.join('\n');
}

function renderMessage(m: unknown): string {
  if (!isObject(m)) return `<pre>${json(m)}</pre>`;
  const role = typeof m.role === 'string' ? m.role : 'unknown';
  const roleClass = role.replace(/[^a-z]/gi, '').toLowerCase();
  const name = typeof m.name === 'string' ? ` (${escapeHtml(m.name)})` : '';
  const finish = typeof m.finish_reason === 'string' ? ` · finish: ${escapeHtml(m.finish_reason)}` : '';
  const parts = Array.isArray(m.parts) ? m.parts.map(renderPart).join('') : `<pre>${json(m)}</pre>`;
  return `<div class="message role-${roleClass}"><div class="role">${escapeHtml(role)}${name}${finish}</div>${parts}</div>`;
}

function renderPart(part: unknown): string {
  if (!isObject(part)) return `<pre>${json(part)}</pre>`;
  switch (part.type) {
    case 'text':
      return `<pre>${escapeHtml(String(part.content ?? ''))}</pre>`;
    case 'reasoning':
      return `<div class="part-label">reasoning</div><pre>${escapeHtml(String(part.content ?? ''))}</pre>`;
    case 'tool_call':
      return `<div class="part-label">tool call ${escapeHtml(String(part.name ?? '?'))}${part.id ? ` · id ${escapeHtml(String(part.id))}` : ''}</div><pre>${json(part.arguments)}</pre>`;
    case 'tool_call_response':
      return `<div class="part-label">tool result${part.id ? ` · id ${escapeHtml(String(part.id))}` : ''}</div><pre>${json(part.response)}</pre>`;
    default:
      return `<div class="part-label">${escapeHtml(String(part.type ?? 'part'))}</div><pre>${json(part)}</pre>`;
  }
}

function json(value: unknown): string {
  if (typeof value === 'string') return escapeHtml(value);
  return escapeHtml(JSON.stringify(value, null, 2) ?? 'undefined');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
