import type { ConfigIssue } from '@devup/schema';
import { describe, expect, test } from 'vitest';
import { makeProject, makeService } from '@devup/schema/testing';
import { checkBeforeUp } from './check-before-up.js';
import type { LoadOutcome } from './load-outcome.js';
import type { PreflightProbes } from './preflight.js';

const project = makeProject('shop', [
  makeService('web', {
    ports: [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }],
  }),
]);

const issue = (message: string): ConfigIssue => ({
  severity: 'error',
  file: 'compose.yaml',
  line: 3,
  column: 9,
  path: 'services.web.image',
  message,
  code: 'interpolation',
});

const probes = (taken: boolean): PreflightProbes => ({
  ports: {
    tryBind: async () => (taken ? { free: false, code: 'EADDRINUSE', message: 'in use' } : { free: true }),
    findHolders: async () => [{ pid: 5, command: 'nginx', commandLine: 'nginx' }],
    containerPorts: async () => [],
  },
  readText: async () => '',
});

const statusesFor = async (outcome: LoadOutcome | Error, taken = false) =>
  (
    await checkBeforeUp(
      { cwd: '/src/shop', env: {} },
      {},
      {
        loadProject: async () => {
          if (outcome instanceof Error) throw outcome;
          return outcome;
        },
        probes: probes(taken),
      },
    )
  ).map((check) => `${check.id}:${check.status}`);

describe('checkBeforeUp', () => {
  test.each([
    {
      name: 'loads, port free',
      outcome: { ok: true, project } as LoadOutcome,
      taken: false,
      expected: ['ports:ok', 'variables:ok'],
    },
    {
      name: 'loads, port taken',
      outcome: { ok: true, project } as LoadOutcome,
      taken: true,
      expected: ['ports:fail', 'variables:ok'],
    },
    {
      name: 'an unset required variable',
      outcome: { ok: false, issues: [issue('required variable TAG is missing a value: set TAG')] } as LoadOutcome,
      taken: false,
      expected: ['variables:fail'],
    },
    {
      name: 'other config errors are left to the daemon',
      outcome: { ok: false, issues: [issue('unknown service "dbb"')] } as LoadOutcome,
      taken: false,
      expected: [],
    },
    { name: 'a loader that throws is left to the daemon', outcome: new Error('boom'), taken: false, expected: [] },
  ])('$name', async ({ outcome, taken, expected }) => {
    expect(await statusesFor(outcome, taken)).toEqual(expected);
  });
});
