/**
 * The one way an error is written into a log line or a message: its class name and its `code`
 * (`Error ENOSPC`), never its message — messages may quote decision content, a path we do not own
 * or a secret.
 */
export function errorSummary(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    const name = (error as { name?: unknown }).name;
    return [typeof name === 'string' ? name : 'Error', typeof code === 'string' ? code : undefined].filter(Boolean).join(' ');
  }
  return typeof error === 'undefined' ? 'unknown error' : typeof error;
}
