import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const require = createRequire(import.meta.url);

describe('generated files', () => {
  test('the one-module yaml build matches the installed yaml version', () => {
    const bundle = readFileSync(join(import.meta.dirname, 'yaml-bundle.js'), 'utf8');
    const installed = (require('yaml/package.json') as { version: string }).version;
    expect(bundle.split('\n')[2], 'run node packages/schema/scripts/build-yaml-bundle.mjs').toBe(
      `// yaml-version: ${installed}`,
    );
  });
});
