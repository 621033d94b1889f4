import type { ServerResponse } from 'node:http';

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** `{ error: { code, message, field? } }`: `field` names the offending body field or query parameter. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: { field?: string; headers?: Record<string, string> } = {},
): void {
  const error: Record<string, string> = { code, message };
  if (extra.field !== undefined) error.field = extra.field;
  sendJson(res, status, { error }, extra.headers);
}

/** Starts a streamed response with the security headers. */
export function startStream(res: ServerResponse, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-type': contentType });
}
