// Runs the built `dev` CLI for a scenario with its own devd (runtime and state folders of
// its own), keeping a transcript of every command for the artifacts.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const devBin = fileURLToPath(new URL('../../packages/tui/dist/bin/dev.js', import.meta.url));

export class DevCli {
  readonly transcript: string[] = [];
  constructor(
    readonly cwd: string,
    readonly homeDir: string,
  ) {}

  get env(): { DEVUP_RUNTIME_DIR: string; DEVUP_STATE_DIR: string; NO_COLOR: string } {
    return {
      DEVUP_RUNTIME_DIR: join(this.homeDir, 'run'),
      DEVUP_STATE_DIR: join(this.homeDir, 'state'),
      NO_COLOR: '1',
    };
  }

  /** The shell command that runs `dev ARGS` with this scenario's environment. */
  shellCommand(...args: string[]): string {
    const env = Object.entries(this.env).map(([name, value]) => `${name}=${quote(value)}`);
    return `cd ${quote(this.cwd)} && env ${env.join(' ')} ${quote(process.execPath)} ${quote(devBin)} ${args.map(quote).join(' ')}`;
  }

  async run(...args: string[]): Promise<string> {
    const started = Date.now();
    try {
      const { stdout, stderr } = await run(process.execPath, [devBin, ...args], {
        cwd: this.cwd,
        env: { ...process.env, ...this.env },
        maxBuffer: 16 * 1024 * 1024,
      });
      this.transcript.push(`$ dev ${args.join(' ')}  (${Date.now() - started} ms)\n${stdout}${stderr}`);
      return stdout;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      this.transcript.push(`$ dev ${args.join(' ')}  FAILED\n${failed.stdout ?? ''}${failed.stderr ?? failed.message}`);
      throw new Error(`dev ${args.join(' ')} failed:\n${failed.stderr ?? failed.message}`);
    }
  }

  async daemonPid(): Promise<number> {
    return Number((await readFile(join(this.env.DEVUP_RUNTIME_DIR, 'devd.pid'), 'utf8')).trim());
  }

  daemonLogPath(): string {
    return join(this.env.DEVUP_STATE_DIR, 'devd.log');
  }
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
