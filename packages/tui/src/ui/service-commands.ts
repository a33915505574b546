// Runs the service command a key asks for, telling the user how it went.

import { describeCommand, selectCommand, type CommandKey } from '../view/commands.js';
import type { TuiConnection } from './tui-connection.js';
import type { ViewStore } from './view-store.js';

export async function runServiceCommand(
  key: CommandKey,
  store: ViewStore,
  connection: TuiConnection,
  now: () => number = Date.now,
): Promise<void> {
  const notify = (level: 'info' | 'error', text: string): void =>
    store.dispatchNow({ kind: 'notice', notice: { level, text, at: now() } });
  const command = selectCommand(store.getState(), key);
  if (command === undefined) {
    notify('info', 'no service selected');
    return;
  }
  notify('info', describeCommand(command, 'running'));
  try {
    await connection[command.verb](command.serviceName);
    notify('info', describeCommand(command, 'done'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    notify('error', `${describeCommand(command, 'failed')}: ${reason}`);
  }
}
