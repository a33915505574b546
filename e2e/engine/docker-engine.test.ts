// The Docker adapter against the real engine: the shared Engine contract, plus what only
// a real engine can show (DOCKER_HOST, archives, a TTY exec).

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DockerEngine } from '../../packages/daemon/src/engine/docker-engine.js';
import { describeEngineContract } from '../../packages/daemon/src/engine/engine-contract.js';
import { EngineUnavailableError } from '../../packages/daemon/src/engine/engine-errors.js';
import type { LogChunk } from '../../packages/daemon/src/engine/engine.js';
import { eventually } from '../../packages/daemon/src/engine/eventually.js';
import { createTarFromEntries } from '../../packages/daemon/src/archive/tar-context.js';

describeEngineContract('docker', () => new DockerEngine());

describe('DockerEngine on a real engine', () => {
  const runLabels = { 'dev.devup.e2e': `engine-${randomUUID().slice(0, 8)}` };
  const engine = new DockerEngine();

  // Containers join a network of their own rather than the engine's default bridge.
  const network = { name: `e2e-engine-${runLabels['dev.devup.e2e']}`, aliases: [] };

  beforeAll(async () => {
    await engine.createNetwork(network.name, runLabels);
  });

  afterAll(async () => {
    for (const container of await engine.listContainers(runLabels))
      await engine.removeContainer(container.id, { force: true });
    await engine.removeNetwork(network.name);
  });

  const startSleeper = async (suffix: string): Promise<string> => {
    const id = await engine.createContainer({
      name: `e2e-engine-${runLabels['dev.devup.e2e']}-${suffix}`,
      image: 'debian:bookworm-slim',
      labels: runLabels,
      command: ['sleep', '600'],
      env: [],
      tty: false,
      openStdin: false,
      exposedPorts: [],
      host: { binds: [], mounts: [], portBindings: {}, extraHosts: [], init: true },
      network,
    });
    await engine.startContainer(id);
    return id;
  };

  test('DOCKER_HOST decides where the engine is; an unreachable one is a typed error', async () => {
    const saved = process.env['DOCKER_HOST'];
    process.env['DOCKER_HOST'] = 'unix:///nonexistent/devup-test.sock';
    try {
      const error = await new DockerEngine().ping().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EngineUnavailableError);
      expect((error as Error).message).toMatch(/not reachable at unix:\/\/\/nonexistent\/devup-test.sock/);
    } finally {
      if (saved === undefined) delete process.env['DOCKER_HOST'];
      else process.env['DOCKER_HOST'] = saved;
    }
  });

  test('an archive put into a container is visible inside it', async () => {
    const id = await startSleeper('archive');
    await engine.putArchive(
      id,
      '/tmp',
      createTarFromEntries([{ name: 'hello.txt', content: Buffer.from('from the host\n') }]),
    );
    const session = await engine.exec(id, { cmd: ['cat', '/tmp/hello.txt'], tty: false, attachStdin: false });
    const output: Buffer[] = [];
    session.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    expect(await session.exitCode).toBe(0);
    expect(Buffer.concat(output).toString()).toBe('from the host\n');
  });

  test('an exec with a TTY can be resized and reads stdin', async () => {
    const id = await startSleeper('tty');
    const session = await engine.exec(id, {
      cmd: ['sh', '-c', 'read line; echo "got $line"; stty size; exit 4'],
      tty: true,
      attachStdin: true,
    });
    await session.resize?.(100, 30);
    const output: Buffer[] = [];
    session.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    session.stdin?.write('ping\n');
    expect(await session.exitCode).toBe(4);
    expect(Buffer.concat(output).toString()).toMatch(/got ping\r?\n30 100/);
  });

  test('stats report memory of a running container', async () => {
    const id = await startSleeper('stats');
    const stats = await engine.stats(id);
    expect(stats?.memoryBytes).toBeGreaterThan(0);
  });

  test('stopping with a signal sends it, and kills after the timeout when ignored', async () => {
    const create = async (suffix: string, script: string) => {
      const id = await engine.createContainer({
        name: `e2e-engine-${runLabels['dev.devup.e2e']}-${suffix}`,
        image: 'debian:bookworm-slim',
        labels: runLabels,
        command: ['perl', '-e', script],
        env: [],
        tty: false,
        openStdin: false,
        exposedPorts: [],
        host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
        network,
      });
      await engine.startContainer(id);
      return id;
    };
    const polite = await create('signal-polite', '$SIG{USR1} = sub { exit 0 }; sleep 1 while 1');
    const stubborn = await create('signal-stubborn', '$SIG{USR1} = "IGNORE"; sleep 1 while 1');
    const startedAt = Date.now();
    await Promise.all([engine.stopContainer(polite, 10, 'SIGUSR1'), engine.stopContainer(stubborn, 1, 'SIGUSR1')]);
    expect(Date.now() - startedAt).toBeLessThan(8000);
    expect(await engine.inspectContainer(polite)).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(await engine.inspectContainer(stubborn)).toMatchObject({ state: 'exited', exitCode: 137 });
  });

  test('a backlog since a time leaves out earlier lines; live lines follow it', async () => {
    const id = await engine.createContainer({
      name: `e2e-engine-${runLabels['dev.devup.e2e']}-since`,
      image: 'debian:bookworm-slim',
      labels: runLabels,
      command: ['sh', '-c', 'echo first; sleep 1.5; echo second; read line; echo third'],
      env: [],
      tty: false,
      openStdin: true,
      exposedPorts: [],
      host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
      network,
    });
    await engine.startContainer(id);
    const all: LogChunk[] = [];
    await eventually(
      async () => {
        all.length = 0;
        await engine.streamLogs(id, { follow: false, signal: new AbortController().signal }, (chunk) =>
          all.push(chunk),
        );
        expect(all.map((chunk) => chunk.text)).toEqual(['first\n', 'second\n']);
      },
      10_000,
      200,
    );
    const since = Date.parse(all[1]!.time) / 1000 - 0.5;
    const followed: string[] = [];
    const controller = new AbortController();
    const following = engine.streamLogs(id, { since, follow: true, signal: controller.signal }, (chunk) =>
      followed.push(chunk.text),
    );
    await eventually(() => expect(followed).toEqual(['second\n']), 5000);
    const session = await engine.exec(id, {
      cmd: ['sh', '-c', 'echo go > /proc/1/fd/0'],
      tty: false,
      attachStdin: false,
    });
    await session.exitCode;
    await following;
    expect(followed).toEqual(['second\n', 'third\n']);
  });

  test('following a container between two runs of its restart policy reads its backlog, no error', async () => {
    const id = await engine.createContainer({
      name: `e2e-engine-${runLabels['dev.devup.e2e']}-looping`,
      image: 'debian:bookworm-slim',
      labels: runLabels,
      command: ['sh', '-c', 'echo starting; exit 3'],
      env: [],
      tty: false,
      openStdin: false,
      exposedPorts: [],
      host: { binds: [], mounts: [], portBindings: {}, extraHosts: [], restartPolicy: { name: 'always' } },
      network,
    });
    await engine.startContainer(id);
    // Follow it over and over while it loops: some calls land while it waits to be restarted.
    const states = new Set<string>();
    const deadline = Date.now() + 6000;
    while (Date.now() < deadline) {
      states.add((await engine.inspectContainer(id))?.state ?? 'gone');
      const texts: string[] = [];
      await engine.streamLogs(id, { tail: 1, follow: true, signal: AbortSignal.timeout(3000) }, (chunk) =>
        texts.push(chunk.text),
      );
      expect(texts).toEqual(['starting\n']);
    }
    expect(states).toContain('restarting');
  });

  test('a failed engine operation names the operation and the resource', async () => {
    await expect(engine.renameContainer('f'.repeat(64), 'x')).rejects.toThrow(
      /^rename-container container:f{12} failed: No such container/,
    );
  });
});
