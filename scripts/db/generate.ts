// `npm run db:generate`: `prisma generate`, offline.
// `prisma generate` tries to download the native schema engine unless PRISMA_SCHEMA_ENGINE_BINARY
// names an existing file; generating the client does not run it, so any existing file will do.
// A real engine set by the caller is kept.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const prismaCli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const engine = env.PRISMA_SCHEMA_ENGINE_BINARY;
if (!engine || !existsSync(engine)) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const result = spawnSync(process.execPath, [prismaCli, 'generate', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (result.error) {
  console.error(`error: could not run prisma generate: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
