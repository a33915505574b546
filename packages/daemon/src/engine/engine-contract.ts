// One contract for every Engine: the same behaviour from the in-memory fake (unit tests)
// and from the Docker adapter (e2e/engine). Each run labels what it creates with a
// unique value and removes it by that label afterwards.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ContainerSpec, Engine, EngineEvent, LogChunk } from './engine.js';
import { EngineOperationError } from './engine-errors.js';
import { eventually } from './eventually.js';

const contractImage = 'debian:bookworm-slim';

export const describeEngineContract = (name: string, makeEngine: () => Engine | Promise<Engine>): void => {
  describe(`Engine contract: ${name}`, () => {
    const runId = randomUUID().slice(0, 8);
    const runLabels = { 'dev.devup.contract': runId };
    let engine: Engine;
    // Containers join a network of their own rather than the engine's default bridge.
    const networkName = `e2e-engine-contract-${runId}`;

    const specFor = (suffix: string, overrides: Partial<ContainerSpec> = {}): ContainerSpec => ({
      name: `e2e-engine-contract-${runId}-${suffix}`,
      image: contractImage,
      labels: { ...runLabels, 'dev.devup.contract.case': suffix },
      command: ['sh', '-c', 'sleep 600'],
      env: [],
      tty: false,
      openStdin: false,
      exposedPorts: [],
      host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
      network: { name: networkName, aliases: [suffix] },
      ...overrides,
    });

    beforeAll(async () => {
      engine = await makeEngine();
      await engine.createNetwork(networkName, runLabels);
    });

    afterAll(async () => {
      for (const container of await engine.listContainers(runLabels))
        await engine.removeContainer(container.id, { force: true });
      for (const network of await engine.listNetworks(runLabels)) await engine.removeNetwork(network.name);
      for (const volume of await engine.listVolumes(runLabels)) await engine.removeVolume(volume.name);
    });

    test('answers a ping with its API version', async () => {
      const answer = await engine.ping();
      expect(answer.apiVersion).toMatch(/^\d+\.\d+$/);
    });

    test('networks and volumes are found by label and removed by name', async () => {
      const networkName = `e2e-engine-contract-${runId}-net`;
      const volumeName = `e2e-engine-contract-${runId}-vol`;
      await engine.createNetwork(networkName, { ...runLabels, role: 'net' });
      await engine.createVolume(volumeName, { ...runLabels, role: 'vol' });
      expect((await engine.listNetworks({ ...runLabels, role: 'net' })).map((network) => network.name)).toEqual([
        networkName,
      ]);
      expect((await engine.listVolumes({ ...runLabels, role: 'vol' })).map((volume) => volume.name)).toEqual([
        volumeName,
      ]);
      await engine.removeNetwork(networkName);
      await engine.removeVolume(volumeName);
      expect(await engine.listNetworks({ ...runLabels, role: 'net' })).toEqual([]);
      expect(await engine.listVolumes({ ...runLabels, role: 'vol' })).toEqual([]);
    });

    test('a container goes created -> running -> exited -> gone', async () => {
      const id = await engine.createContainer(specFor('lifecycle'));
      expect((await engine.inspectContainer(id))?.state).toBe('created');
      const listed = await engine.listContainers({ ...runLabels, 'dev.devup.contract.case': 'lifecycle' });
      expect(listed.map((container) => [container.id, container.name])).toEqual([
        [id, `e2e-engine-contract-${runId}-lifecycle`],
      ]);
      await engine.startContainer(id);
      expect((await engine.inspectContainer(id))?.state).toBe('running');
      await engine.stopContainer(id, 1);
      const stopped = await engine.inspectContainer(id);
      expect(stopped?.state).toBe('exited');
      expect(typeof stopped?.exitCode).toBe('number');
      await engine.removeContainer(id);
      expect(await engine.inspectContainer(id)).toBeUndefined();
    });

    test('removing or inspecting what does not exist is not an error', async () => {
      expect(await engine.inspectContainer('f'.repeat(64))).toBeUndefined();
      await expect(engine.removeContainer('f'.repeat(64))).resolves.toBeUndefined();
      await expect(engine.removeNetwork(`e2e-engine-contract-${runId}-missing`)).resolves.toBeUndefined();
    });

    test('a name conflict names the operation and the resource', async () => {
      await engine.createContainer(specFor('conflict'));
      const error = await engine.createContainer(specFor('conflict')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EngineOperationError);
      expect((error as Error).message).toMatch(
        new RegExp(`^create-container container:e2e-engine-contract-${runId}-conflict failed: .*already in use`),
      );
    });

    test('a container that exits reports its exit code', async () => {
      const id = await engine.createContainer(specFor('exit', { command: ['sh', '-c', 'exit 3'] }));
      await engine.startContainer(id);
      const exited = await eventually(async () => {
        const summary = await engine.inspectContainer(id);
        expect(summary?.state).toBe('exited');
        return summary;
      }, 20_000);
      expect(exited?.exitCode).toBe(3);
    });

    test('logs come back split by stream, with timestamps', async () => {
      const id = await engine.createContainer(
        specFor('logs', { command: ['sh', '-c', 'echo out-line; echo err-line >&2; exit 0'] }),
      );
      await engine.startContainer(id);
      await eventually(async () => expect((await engine.inspectContainer(id))?.state).toBe('exited'), 20_000);
      const chunks: LogChunk[] = [];
      await engine.streamLogs(id, { follow: false, signal: new AbortController().signal }, (chunk) =>
        chunks.push(chunk),
      );
      expect(chunks.map(({ stream, text }) => [stream, text]).sort()).toEqual([
        ['stderr', 'err-line\n'],
        ['stdout', 'out-line\n'],
      ]);
      for (const chunk of chunks) expect(chunk.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    test('following logs delivers live lines and ends when the container stops', async () => {
      const id = await engine.createContainer(specFor('follow', { command: ['sh', '-c', 'echo before; sleep 600'] }));
      await engine.startContainer(id);
      const controller = new AbortController();
      const chunks: LogChunk[] = [];
      const following = engine.streamLogs(id, { follow: true, signal: controller.signal }, (chunk) =>
        chunks.push(chunk),
      );
      await eventually(() => expect(chunks.map((chunk) => chunk.text)).toEqual(['before\n']), 10_000);
      await engine.stopContainer(id, 1);
      await following;
      expect(chunks.map((chunk) => chunk.text)).toEqual(['before\n']);
    });

    test('exec passes the exit code and output through', async () => {
      const id = await engine.createContainer(specFor('exec'));
      await engine.startContainer(id);
      const session = await engine.exec(id, {
        cmd: ['sh', '-c', 'echo hello; exit 7'],
        tty: false,
        attachStdin: false,
      });
      const output: string[] = [];
      session.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      expect(await session.exitCode).toBe(7);
      await eventually(() => expect(output.join('')).toBe('hello\n'));
    });

    test('container events carry the labels and the exit code', async () => {
      const controller = new AbortController();
      const events: EngineEvent[] = [];
      const following = engine.streamEvents(runLabels, controller.signal, (event) => events.push(event));
      const caseLabel = 'dev.devup.contract.case';
      try {
        const id = await engine.createContainer(specFor('events', { command: ['sh', '-c', 'exit 5'] }));
        await eventually(
          async () => {
            await engine.startContainer(id);
            const die = events.find(
              (event) => event.kind === 'container' && event.containerId === id && event.action === 'die',
            );
            expect(die).toMatchObject({ kind: 'container', labels: { [caseLabel]: 'events' }, exitCode: 5 });
          },
          20_000,
          500,
        );
      } finally {
        controller.abort();
        await following;
      }
    });
  });
};
