// A terminal for e2e scenarios: a command in a detached tmux session of a fixed size on a
// private tmux server, keys sent with send-keys, the screen read with capture-pane.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class TmuxScreen {
  private constructor(
    private readonly server: string,
    private readonly session: string,
  ) {}

  /** Starts `command` (run by sh) in a `columns` x `rows` terminal. */
  static async open(name: string, command: string, size = { columns: 80, rows: 24 }): Promise<TmuxScreen> {
    const screen = new TmuxScreen(`${name}-server`, name);
    await run('tmux', [
      '-L',
      screen.server,
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      command,
    ]);
    return screen;
  }

  /** The visible screen as text. */
  async read(): Promise<string> {
    const { stdout } = await run('tmux', ['-L', this.server, 'capture-pane', '-p', '-t', this.session]);
    return stdout;
  }

  /** Sends tmux key names ("j", "Enter", "Escape") or literal text, one send-keys per key. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await run('tmux', ['-L', this.server, 'send-keys', '-t', this.session, key]);
  }

  async type(text: string): Promise<void> {
    await run('tmux', ['-L', this.server, 'send-keys', '-t', this.session, '-l', text]);
  }

  async resize(columns: number, rows: number): Promise<void> {
    await run('tmux', [
      '-L',
      this.server,
      'resize-window',
      '-t',
      this.session,
      '-x',
      String(columns),
      '-y',
      String(rows),
    ]);
  }

  async close(): Promise<void> {
    await run('tmux', ['-L', this.server, 'kill-server']).catch(() => undefined);
  }
}
