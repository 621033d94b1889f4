/**
 * Per-span state threaded through the dialect mappers: the warnings the record will carry and the
 * dialects that contributed. Warnings name attributes and problems, never content.
 */
export class MappingContext {
  readonly warnings: string[] = [];
  readonly dialects: string[] = [];

  constructor(readonly maxContentLength: number) {}

  warn(message: string): void {
    // A malformed span can repeat the same problem thousands of times; keep the record small.
    if (this.warnings.length < 32 && !this.warnings.includes(message)) this.warnings.push(message);
  }

  used(dialect: string): void {
    if (!this.dialects.includes(dialect)) this.dialects.push(dialect);
  }
}
