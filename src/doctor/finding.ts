/** One doctor check's outcome: what was found, and what to do about it. Never a secret value. */
export interface Finding {
  check: string;
  status: 'ok' | 'warn' | 'error';
  message: string;
  fix?: string;
}

export const ok = (check: string, message: string): Finding => ({ check, status: 'ok', message });
export const warn = (check: string, message: string, fix: string): Finding => ({ check, status: 'warn', message, fix });
export const error = (check: string, message: string, fix: string): Finding => ({ check, status: 'error', message, fix });
