import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectJsonSchema } from './project-schema.js';

describe('projectJsonSchema', () => {
  test('is the Compose schema with x-dev added at the top and on services', () => {
    const schema = projectJsonSchema() as {
      properties: Record<string, unknown>;
      definitions: { service: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['services', 'volumes', 'x-dev']));
    expect(schema.definitions.service.properties['x-dev']).toBeDefined();
  });

  test('the precompiled validator was generated from the current schema', () => {
    const generated = readFileSync(join(import.meta.dirname, 'generated/project-validator.js'), 'utf8');
    const hash = createHash('sha256').update(JSON.stringify(projectJsonSchema())).digest('hex');
    expect(generated.split('\n')[1], 'run node packages/schema/scripts/build-validator.mjs').toBe(
      `// schema-sha256: ${hash}`,
    );
  });
});
