import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The built `dev` CLI. */
export const devBin = fileURLToPath(new URL('../../packages/tui/dist/bin/dev.js', import.meta.url));
