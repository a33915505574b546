// Every awesome-compose sample loads, and the normalized project equals Docker Compose v2's
// `docker compose config --format json` (recorded by scripts/record-compose-fixtures.mjs) on
// every key devup applies, with paths made relative to the sample.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProject, serializeProject } from '../../src/index.js';

const conformance = import.meta.dirname;
const samplesDir = join(conformance, 'awesome-compose');
const fixturesDir = join(conformance, 'fixtures/awesome-compose');
const samples = readdirSync(samplesDir).sort();

type Json = Record<string, unknown>;

const appliedServiceKeys = [
  'image', 'build', 'command', 'entrypoint', 'environment', 'ports', 'expose', 'volumes', 'depends_on',
  'healthcheck', 'restart', 'profiles', 'networks', 'labels', 'working_dir', 'user', 'stop_signal',
  'stop_grace_period', 'init', 'tty', 'stdin_open', 'container_name', 'hostname', 'extra_hosts', 'secrets',
  'configs', 'develop', 'scale',
];
const appliedBuildKeys = ['context', 'dockerfile', 'args', 'target', 'labels'];
const appliedObjectKeys = ['name', 'driver', 'external', 'internal', 'attachable', 'labels', 'driver_opts', 'file', 'environment', 'content'];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const pick = (object: Json, keys: string[]): Json =>
  Object.fromEntries(keys.filter((key) => object[key] !== undefined && object[key] !== null).map((key) => [key, object[key]]));

/** The keys devup applies, from a `docker compose config --format json` document. */
const appliedView = (document: Json): Json => {
  const services = Object.fromEntries(
    Object.entries((document.services ?? {}) as Record<string, Json>).map(([name, service]) => {
      const view = pick(service, appliedServiceKeys);
      if (isObject(service.build)) view.build = pick(service.build, appliedBuildKeys);
      const deploy = isObject(service.deploy) ? service.deploy : {};
      const limits = isObject(deploy.resources) && isObject(deploy.resources.limits) ? deploy.resources.limits : undefined;
      if (deploy.replicas !== undefined || limits !== undefined) {
        view.deploy = { ...pick(deploy, ['replicas']), ...(limits === undefined ? {} : { resources: { limits } }) };
      }
      return [name, view];
    }),
  );
  const objects = (key: string): Json =>
    Object.fromEntries(Object.entries((document[key] ?? {}) as Record<string, Json>).map(([name, value]) => [name, pick(value, appliedObjectKeys)]));
  return { name: document.name, services, networks: objects('networks'), volumes: objects('volumes'), secrets: objects('secrets'), configs: objects('configs') };
};

describe('awesome-compose samples match docker compose config', () => {
  test('all 39 samples are present', () => {
    expect(samples).toHaveLength(39);
  });

  test.each(samples)('%s', async (sample) => {
    const sampleDir = join(samplesDir, sample);
    const fixture = JSON.parse(readFileSync(join(fixturesDir, `${sample}.json`), 'utf8')) as { config: Json };
    const result = await loadProject({ cwd: sampleDir, env: { HOME: '/tmp/devup-compose-fixtures-home' } });
    if (!result.ok) expect.fail(JSON.stringify(result.issues, null, 2));
    const printed = serializeProject(result.project, 'json', { maskSecrets: false }).split(sampleDir).join('.');
    expect(appliedView(JSON.parse(printed) as Json)).toEqual(appliedView(fixture.config));
  });
});
