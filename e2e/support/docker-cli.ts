// The docker CLI, for checks that observe real engine state independently of devup.

import { spawnSync } from 'node:child_process';

export const docker = (args: string[], env: NodeJS.ProcessEnv = process.env): string => {
  const result = spawnSync('docker', args, { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
};

export interface ContainerRow {
  id: string;
  name: string;
  state: string;
  service: string;
  number: string;
}

/** Every container (running or not) of a Compose project, by label. */
export const projectContainers = (projectName: string, env?: NodeJS.ProcessEnv): ContainerRow[] =>
  docker(
    [
      'ps',
      '-a',
      '--filter',
      `label=com.docker.compose.project=${projectName}`,
      '--format',
      '{{.ID}}\t{{.Names}}\t{{.State}}\t{{.Label "com.docker.compose.service"}}\t{{.Label "com.docker.compose.container-number"}}',
    ],
    env,
  )
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', name = '', state = '', service = '', number = ''] = line.split('\t');
      return { id, name, state, service, number };
    });

/** Removes everything labelled with the project: containers, then networks and volumes. */
export const removeProject = (projectName: string, env?: NodeJS.ProcessEnv): void => {
  const label = `label=com.docker.compose.project=${projectName}`;
  const ids = (kind: string[]): string[] =>
    docker([...kind, '--filter', label, '-q'], env)
      .split('\n')
      .filter((id) => id !== '');
  const containers = ids(['ps', '-a']);
  if (containers.length > 0) docker(['rm', '-f', '-v', ...containers], env);
  const networks = ids(['network', 'ls']);
  if (networks.length > 0) docker(['network', 'rm', ...networks], env);
  const volumes = ids(['volume', 'ls']);
  if (volumes.length > 0) docker(['volume', 'rm', '-f', ...volumes], env);
};
