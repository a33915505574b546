import { describe, expect, test } from 'vitest';
import type { InotifyLimits } from './inotify-probe.js';
import { checkWatchLimit } from './watch-limit-check.js';

const limits = (fields: Partial<InotifyLimits>): InotifyLimits => ({
  source: '/proc/sys/fs/inotify',
  maxUserWatches: 8192,
  ...fields,
});
const count = (folders: number) => ({ folders, truncated: false, missing: [] });

describe('checkWatchLimit', () => {
  test.each([
    { name: 'no rules', input: { limits: limits({}), count: count(0), rules: 0 }, status: 'ok' },
    { name: 'well under', input: { limits: limits({ watchesInUse: 100 }), count: count(500), rules: 2 }, status: 'ok' },
    {
      name: 'over the limit',
      input: { limits: limits({ maxUserWatches: 5 }), count: count(12), rules: 1 },
      status: 'fail',
    },
    {
      name: 'over with what others use',
      input: { limits: limits({ watchesInUse: 8000 }), count: count(500), rules: 1 },
      status: 'warn',
    },
    {
      name: 'instances exhausted',
      input: { limits: limits({ maxUserInstances: 128, instancesInUse: 128 }), count: count(5), rules: 1 },
      status: 'warn',
    },
    { name: 'unreadable on linux', input: { limits: undefined, count: count(5), rules: 1 }, status: 'warn' },
  ])('$name -> $status', ({ input, status }) => {
    expect(checkWatchLimit({ ...input, platform: 'linux' }).status).toBe(status);
  });

  test('no inotify limit off Linux', () => {
    expect(checkWatchLimit({ limits: undefined, count: count(5), rules: 1, platform: 'darwin' }).status).toBe('ok');
  });

  test('a failure names the numbers and the sysctl fix', () => {
    expect(
      checkWatchLimit({
        limits: limits({ maxUserWatches: 5, watchesInUse: 3 }),
        count: count(12),
        rules: 1,
        platform: 'linux',
      }),
    ).toMatchInlineSnapshot(`
      {
        "detail": "1 watch rule(s) over 12 folders need 12 watches; fs.inotify.max_user_watches=5, 3 already in use",
        "fix": "raise the limit now: \`sudo sysctl fs.inotify.max_user_watches=524288\`
      and keep it across reboots: \`echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/60-devup-inotify.conf\`
      then \`sudo sysctl --system\`.",
        "id": "watch-limit",
        "status": "fail",
        "title": "File-watch limit",
      }
    `);
  });
});
