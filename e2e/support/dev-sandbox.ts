// A private world for one e2e test file: its own XDG_RUNTIME_DIR and HOME (so its own
// devd), fixture folders, a way to run the built `dev` and collect what it printed, and a
// cleanup that stops that devd and removes the project's Docker objects by label. On a
// failure the artifacts (commands and output, devd's log, container logs) stay in
// .test-results/e2e-artifacts/<sandbox> for a person to read.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docker, removeProject } from './docker-cli.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const devBinary = join(repoRoot, 'packages/tui/dist/bin/dev.js');

export interface DevResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DevSandbox {
  name: string;
  root: string;
  env: NodeJS.ProcessEnv;
  /** Writes fixture files under the sandbox; returns the folder. */
  fixture(folder: string, files: Record<string, string>): string;
  /** Runs `dev ARGS` in `cwd` to completion. */
  dev(
    args: string[],
    options?: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<DevResult>;
  /** Starts `dev ARGS` and leaves it running (for -f). */
  spawnDev(args: string[], options?: { cwd?: string }): { child: ChildProcess; output: () => string };
  /** The running devd's pid, from its pid file. */
  daemonPid(): number | undefined;
  /** Project names to remove on cleanup. */
  track(projectName: string): void;
  /** Copies the artifacts aside; call when a test failed. */
  keepArtifacts(reason: string): string;
  cleanup(): Promise<void>;
}

export const uniqueName = (area: string, scenario: string): string =>
  `e2e-${area}-${scenario}-${randomUUID().slice(0, 6)}`;

export const createSandbox = (name: string, extraEnv: NodeJS.ProcessEnv = {}): DevSandbox => {
  const root = mkdtempSync(join(tmpdir(), 'dv-'));
  const runtimeDir = join(root, 'run');
  const home = join(root, 'home');
  mkdirSync(runtimeDir, { mode: 0o700 });
  mkdirSync(home);
  const transcript = join(root, 'transcript.log');
  const projects = new Set<string>();
  const children = new Set<ChildProcess>();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    NO_COLOR: '1',
    ...(process.env['DOCKER_HOST'] !== undefined ? { DOCKER_HOST: process.env['DOCKER_HOST'] } : {}),
    ...extraEnv,
  };
  const record = (text: string): void => appendFileSync(transcript, text);

  const sandbox: DevSandbox = {
    name,
    root,
    env,
    fixture: (folder, files) => {
      const directory = join(root, folder);
      for (const [file, content] of Object.entries(files)) {
        mkdirSync(dirname(join(directory, file)), { recursive: true });
        writeFileSync(join(directory, file), content);
      }
      return directory;
    },
    dev: (args, options = {}) =>
      new Promise<DevResult>((resolve, reject) => {
        const child = spawn(process.execPath, [devBinary, ...args], {
          cwd: options.cwd ?? root,
          env: { ...env, ...options.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdin.end(options.input ?? '');
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
        child.on('error', reject);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          const result = { code: code ?? (signal !== null ? 128 : -1), stdout, stderr };
          record(
            `$ dev ${args.join(' ')}  (exit ${result.code})\n${stdout}${stderr === '' ? '' : `--- stderr\n${stderr}`}\n`,
          );
          resolve(result);
        });
      }),
    spawnDev: (args, options = {}) => {
      const child = spawn(process.execPath, [devBinary, ...args], {
        cwd: options.cwd ?? root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', () => {
        children.delete(child);
        record(`$ dev ${args.join(' ')}  (background)\n${output}\n`);
      });
      return { child, output: () => output };
    },
    daemonPid: () => {
      try {
        return Number.parseInt(readFileSync(join(runtimeDir, 'devup', 'devd.pid'), 'utf8'), 10);
      } catch {
        return undefined;
      }
    },
    track: (projectName) => projects.add(projectName),
    keepArtifacts: (reason) => {
      const target = join(repoRoot, '.test-results', 'e2e-artifacts', name);
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, 'reason.txt'), reason);
      for (const file of ['transcript.log', 'home/.devup/devd.log', 'home/.devup/devd.out']) {
        if (existsSync(join(root, file))) cpSync(join(root, file), join(target, file.replaceAll('/', '_')));
      }
      for (const projectName of projects) {
        try {
          const ids = docker(['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${projectName}`], env)
            .split('\n')
            .filter(Boolean);
          for (const id of ids) {
            const logs = docker(['logs', '--timestamps', '--tail', '200', id], env);
            writeFileSync(join(target, `container-${projectName}-${id}.log`), logs);
          }
          writeFileSync(
            join(target, `ps-${projectName}.txt`),
            docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${projectName}`], env),
          );
        } catch (error) {
          writeFileSync(join(target, `docker-error-${projectName}.txt`), String(error));
        }
      }
      return target;
    },
    cleanup: async () => {
      for (const child of children) child.kill('SIGKILL');
      const pid = sandbox.daemonPid();
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      for (const projectName of projects) {
        try {
          removeProject(projectName, env);
        } catch (error) {
          record(`cleanup of ${projectName} failed: ${String(error)}\n`);
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  return sandbox;
};
