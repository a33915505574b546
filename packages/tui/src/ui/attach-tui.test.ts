import { PassThrough } from 'node:stream';
import type { DaemonClient } from '@devup/daemon/client';
import { expect, test } from 'vitest';
import { attachTui } from './attach-tui.js';

test('without a terminal the UI says what to use instead', async () => {
  const io = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
    cwd: '/src/shop',
    interrupted: new Promise<void>(() => {}),
  };
  const context = { client: {} as DaemonClient, socketPath: '/none', projectName: 'shop', services: [], io };
  await expect(attachTui(context)).rejects.toThrow(
    'the terminal UI needs a terminal; for plain output use `dev logs -f`',
  );
});
