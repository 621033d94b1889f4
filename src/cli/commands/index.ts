import type { CliCommand } from '../cli-io.js';
import { bufferCommand } from './buffer.js';
import { evidenceCommand } from './evidence.js';
import { gatewayCommand } from './gateway.js';
import { keygenCommand } from './keygen.js';
import { serveCommand } from './serve.js';
import { verifyCommand } from './verify.js';

/**
 * Every `vaxelia-otel <command>`, in the order `--help` lists them. To add one, export a `CliCommand`
 * from a file in this folder and list it here.
 */
export const COMMANDS: readonly CliCommand[] = [verifyCommand, evidenceCommand, bufferCommand, keygenCommand, serveCommand, gatewayCommand];
