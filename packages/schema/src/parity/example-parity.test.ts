// The example stack through the real loader: production files alone against the project
// dev.yaml makes of them.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadProject } from '../load-project.js';
import type { Project } from '../model.js';
import { compareParity, hasDrift } from './compare-parity.js';
import { formatParity } from './format-parity.js';

const exampleDir = fileURLToPath(new URL('../../../../examples/django-stack/', import.meta.url));

const load = async (cwd: string, files?: string[]): Promise<Project> => {
  const result = await loadProject({ cwd, env: {}, ...(files === undefined ? {} : { files }) });
  if (!result.ok) throw new Error(`loading ${cwd} failed: ${JSON.stringify(result.issues)}`);
  return result.project;
};

/** The production project named by a folder's dev.yaml, and the effective project. */
const loadBoth = async (cwd: string): Promise<{ production: Project; effective: Project }> => {
  const effective = await load(cwd);
  const production = await load(cwd, effective.dev.production);
  return { production, effective };
};

describe('parity of examples/django-stack', () => {
  const scratchDirs: string[] = [];
  afterAll(() => {
    for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  });

  test('dev.yaml names compose.yaml as production and adds only overlays', async () => {
    const { production, effective } = await loadBoth(exampleDir);
    expect(effective.dev.production).toEqual([join(exampleDir, 'compose.yaml')]);
    const differences = compareParity(production, effective);
    expect(hasDrift(differences)).toBe(false);
    expect(formatParity(differences)).toMatchInlineSnapshot(`
      "-  overlay  web     port added: 127.0.0.1:8000->80/tcp
      -  overlay  web     watch rule added: sync ./app/src -> /app
      -  overlay  web     watch rule added: rebuild ./app/Dockerfile
      -  overlay  web     watch rule added: rebuild ./app/requirements-debian.txt
      -  overlay  web     watch rule added: rebuild ./app/apache
      -  overlay  web     reload recipe added: exec touch /app/intranet/wsgi.py on ./app/src/intranet
      -  overlay  web     reload recipe added: exec touch /app/intranet/wsgi.py on ./app/src/counter
      -  overlay  worker  watch rule added: sync+restart ./app/src -> /app
      -  overlay  worker  watch rule added: rebuild ./app/Dockerfile
      -  overlay  worker  watch rule added: rebuild ./app/requirements-debian.txt

      no drift (10 allowed overlays)"
    `);
  });

  test('an overlay that changes the image tag is drift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parity-example-'));
    scratchDirs.push(dir);
    copyFileSync(join(exampleDir, 'compose.yaml'), join(dir, 'compose.yaml'));
    const devYaml = readFileSync(join(exampleDir, 'dev.yaml'), 'utf8').replace(
      /^ {2}web:\n/m,
      '  web:\n    image: django-stack-app:dev\n',
    );
    writeFileSync(join(dir, 'dev.yaml'), devYaml);
    const { production, effective } = await loadBoth(dir);
    const drift = compareParity(production, effective).filter((difference) => difference.class === 'drift');
    expect(drift.map(({ path, summary }) => ({ path, summary }))).toEqual([
      { path: 'services.web.image', summary: 'image: django-stack-app:1.0 -> django-stack-app:dev' },
    ]);
  });
});
