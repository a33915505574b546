// One project in a sandbox for a whole e2e file: registers the file's hooks to create
// the sandbox (optionally with a private dockerd of its own, see private-engine.ts) and
// the project's compose file, keep the artifacts of a failed test, and at the end take
// the project down and remove everything. Hooks run as a stack: a file's own beforeAll
// registered before this runs before it, its own afterAll after it.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createSandbox, type DevSandbox } from './dev-sandbox.js';
import { canRunPrivateEngine, startPrivateEngine, type PrivateEngine } from './private-engine.js';

export interface ProjectSandbox {
  readonly sandbox: DevSandbox;
  /** The folder holding compose.yaml. */
  readonly projectDir: string;
  /** The private engine; only with `privateEngine`. */
  readonly engine: PrivateEngine;
}

export interface ProjectSandboxOptions {
  /** Runs the project on a dockerd of its own (root needed) that the test may restart. */
  privateEngine?: boolean;
}

export const useProjectSandbox = (
  projectName: string,
  composeYaml: string,
  options: ProjectSandboxOptions = {},
): ProjectSandbox => {
  let engine: PrivateEngine | undefined;
  let sandbox: DevSandbox | undefined;
  let projectDir: string | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not set up yet (used before beforeAll?)`);
    return value;
  };

  beforeAll(async () => {
    if (options.privateEngine === true) {
      expect(canRunPrivateEngine(), 'this scenario runs its own dockerd and needs root').toBe(true);
      engine = await startPrivateEngine(mkdtempSync(join(tmpdir(), 'dve-')), ['debian:bookworm-slim']);
    }
    sandbox = createSandbox(projectName, engine !== undefined ? { DOCKER_HOST: engine.dockerHost } : {});
    sandbox.track(projectName);
    projectDir = sandbox.fixture('project', { 'compose.yaml': composeYaml });
  });

  afterEach((context) => {
    if (context.task.result?.state === 'fail') sandbox?.keepArtifacts(`${context.task.name} failed`);
  });

  afterAll(async () => {
    if (projectDir !== undefined) await sandbox?.dev(['down', '-t', '0'], { cwd: projectDir });
    await sandbox?.cleanup();
    await engine?.stop();
  });

  return {
    get sandbox() {
      return ready(sandbox, 'the sandbox');
    },
    get projectDir() {
      return ready(projectDir, 'the project folder');
    },
    get engine() {
      return ready(engine, 'the private engine');
    },
  };
};
