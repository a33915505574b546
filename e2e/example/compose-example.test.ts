// examples/django-stack under Docker Compose itself, the anchor devup is measured against:
// the production file plus the dev overlay build and come up healthy, the page answers, and
// a task enqueued through the web app is processed by the worker and counted in PostgreSQL.
// Command output and container logs are left in .test-results/e2e-example/.

import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventually } from '../../packages/daemon/src/engine/eventually.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);

const projectName = 'e2e-example-compose';
const exampleDir = fileURLToPath(new URL('../../examples/django-stack/', import.meta.url));
const artifactsDir = fileURLToPath(new URL('../../.test-results/e2e-example/', import.meta.url));

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

let webPort = 0;
const transcript: string[] = [];

const compose = async (...args: string[]): Promise<string> => {
  const command = ['compose', '-f', 'compose.yaml', '-f', 'dev.yaml', '-p', projectName, ...args];
  const started = Date.now();
  try {
    const { stdout, stderr } = await run('docker', command, {
      cwd: exampleDir,
      env: { ...process.env, DEV_WEB_PORT: String(webPort), COMPOSE_PROFILES: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    transcript.push(`$ docker ${command.join(' ')}  (${Date.now() - started} ms)\n${stdout}${stderr}`);
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    transcript.push(`$ docker ${command.join(' ')}  FAILED\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`);
    throw new Error(`docker ${command.join(' ')} failed:\n${failed.stderr ?? failed.message}`);
  }
};

const page = async (path: string, init?: RequestInit): Promise<{ status: number; body: string }> => {
  const response = await fetch(`http://127.0.0.1:${webPort}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
};

const taskCount = async (): Promise<{ count: number; latest_note: string | null }> => {
  const { status, body } = await page('/count');
  expect(status).toBe(200);
  return JSON.parse(body) as { count: number; latest_note: string | null };
};

interface PsEntry {
  Service: string;
  State: string;
  Health: string;
  ExitCode: number;
}

const composePs = async (): Promise<PsEntry[]> => {
  const output = await compose('ps', '--all', '--format', 'json');
  // Compose 2.26 prints one JSON object per line.
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PsEntry);
};

const containersLeft = async (): Promise<string> => {
  const { stdout } = await run('docker', [
    'ps',
    '--all',
    '--quiet',
    '--filter',
    `label=com.docker.compose.project=${projectName}`,
  ]);
  return stdout.trim();
};

beforeAll(async () => {
  webPort = await freePort();
  await mkdir(artifactsDir, { recursive: true });
  // A previous run that was interrupted may have left the project behind.
  await compose('down', '--volumes', '--remove-orphans');
  await compose('up', '--detach', '--wait', '--build');
});

afterAll(async () => {
  try {
    transcript.push(await compose('logs', '--no-color', '--timestamps'));
  } finally {
    await compose('down', '--volumes', '--remove-orphans');
    await writeFile(join(artifactsDir, 'compose-transcript.txt'), transcript.join('\n'));
  }
  expect(await containersLeft()).toBe('');
});

describe('examples/django-stack under docker compose', () => {
  test('every long-running service is healthy and migrate exited successfully', async () => {
    const entries = await composePs();
    const states = Object.fromEntries(
      entries.map((entry) => [entry.Service, entry.Service === 'migrate' ? `exited ${entry.ExitCode}` : entry.Health]),
    );
    expect(states).toEqual({
      web: 'healthy',
      worker: 'healthy',
      broker: 'healthy',
      db: 'healthy',
      migrate: 'exited 0',
    });
  });

  test('the page answers on the loopback port dev.yaml publishes', async () => {
    const { status, body } = await page('/');
    expect(status).toBe(200);
    expect(body).toContain('<h1>Welcome to the intranet</h1>');
  });

  test('an enqueued task is processed by the worker and counted', async () => {
    const before = await taskCount();
    const enqueued = await page('/enqueue', { method: 'POST' });
    expect(enqueued.status).toBe(202);
    expect(JSON.parse(enqueued.body)).toMatchObject({ label: 'page' });
    const after = await eventually(async () => {
      const now = await taskCount();
      expect(now.count).toBe(before.count + 1);
      return now;
    }, 20_000);
    expect(after.latest_note).toBe('processed by worker v1');
  });

  test('GET /enqueue enqueues too, and the page shows the new count', async () => {
    const before = await taskCount();
    expect((await page('/enqueue?label=get')).status).toBe(202);
    await eventually(async () => expect((await taskCount()).count).toBe(before.count + 1), 20_000);
    expect((await page('/')).body).toContain(`Tasks processed: ${before.count + 1}`);
  });

  test('the database lives in the named volume db-data', async () => {
    const { stdout } = await run('docker', [
      'volume',
      'ls',
      '--quiet',
      '--filter',
      `label=com.docker.compose.project=${projectName}`,
    ]);
    expect(stdout.trim().split('\n')).toEqual([`${projectName}_db-data`]);
  });
});
