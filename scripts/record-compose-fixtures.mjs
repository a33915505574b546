#!/usr/bin/env node
// Records Docker Compose v2's own view of the conformance corpus as fixtures, so the loader's
// conformance tests run without Docker Compose installed:
//   - awesome-compose: `docker compose -f <file> config --format json` per sample, with the
//     sample's absolute folder replaced by "." (paths made relative to the sample);
//   - compose-go test data: whether `docker compose config` accepts or rejects each file.
// The environment is fixed (only PATH, a throwaway HOME and DOCKER_CONFIG) so the output
// does not depend on who runs the script.
// Usage: node scripts/record-compose-fixtures.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const conformance = join(root, 'packages/schema/test/conformance');
const fixtures = join(conformance, 'fixtures');
// A fixed HOME: `~` in the samples expands to it, and the conformance test uses the same one.
const home = '/tmp/devup-compose-fixtures-home';
mkdirSync(home, { recursive: true });
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DOCKER_CONFIG: join(home, '.docker') };

// The Compose v2 binary itself (the CLI plugin), so a throwaway DOCKER_CONFIG does not hide it.
const composeBinary =
  process.env.DOCKER_COMPOSE_BINARY ??
  [
    join(homedir(), '.docker/cli-plugins/docker-compose'),
    '/usr/local/lib/docker/cli-plugins/docker-compose',
    '/usr/libexec/docker/cli-plugins/docker-compose',
    '/usr/lib/docker/cli-plugins/docker-compose',
  ].find((path) => existsSync(path)) ??
  'docker-compose';

const composeFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const runConfig = (file) =>
  spawnSync(composeBinary, ['-f', file, 'config', '--format', 'json'], {
    cwd: dirname(file),
    env,
    encoding: 'utf8',
  });

const version = spawnSync(composeBinary, ['version', '--short'], { env, encoding: 'utf8' }).stdout.trim();
mkdirSync(join(fixtures, 'awesome-compose'), { recursive: true });

const samplesDir = join(conformance, 'awesome-compose');
const samples = readdirSync(samplesDir).sort();
for (const sample of samples) {
  const sampleDir = join(samplesDir, sample);
  const fileName = composeFileNames.find((name) => {
    try {
      return statSync(join(sampleDir, name)).isFile();
    } catch {
      return false;
    }
  });
  if (fileName === undefined) throw new Error(`no compose file in ${sampleDir}`);
  const result = runConfig(join(sampleDir, fileName));
  if (result.status !== 0) throw new Error(`docker compose config failed for ${sample}: ${result.stderr}`);
  const text = result.stdout.split(sampleDir).join('.');
  const output = { compose_version: version, file: fileName, config: JSON.parse(text) };
  writeFileSync(join(fixtures, 'awesome-compose', `${sample}.json`), `${JSON.stringify(output, null, 2)}\n`);
}

const listYaml = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listYaml(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });

const composeGoFiles = [
  ...listYaml(join(conformance, 'compose-go/loader/testdata')),
  ...listYaml(join(conformance, 'compose-go/cli/testdata')),
  join(conformance, 'compose-go/v2.9.1/loader/full-example.yml'),
  join(conformance, 'compose-go/schema/using-variables.yaml'),
].sort();

const verdicts = composeGoFiles.map((file) => {
  const result = runConfig(file);
  const errorLines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('time='));
  const message = errorLines.join('\n').split(file).join(relative(conformance, file)).split(dirname(file)).join('.');
  return {
    file: relative(conformance, file),
    accepted: result.status === 0,
    ...(result.status === 0 ? {} : { error: message }),
  };
});
writeFileSync(
  join(fixtures, 'compose-go-verdicts.json'),
  `${JSON.stringify({ compose_version: version, verdicts }, null, 2)}\n`,
);
console.log(
  `recorded ${samples.length} samples and ${verdicts.length} compose-go verdicts with Docker Compose ${version}`,
);
