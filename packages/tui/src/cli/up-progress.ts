// What `dev up` shows while it works. On a terminal: one line per service, rewritten in
// place with its latest step. Otherwise: plain lines, one per step, for logs and CI.

import type { Activity } from '@devup/daemon/protocol';
import { colorEnabled, type CliIo, writeLine } from './cli-io.js';
import { colorize } from './service-colors.js';

export interface UpProgress {
  onActivity(activity: Activity): void;
  finish(): void;
}

/** "[1] -> #2 service:web:1 create-container  missing: done" -> "create-container (missing) done". */
export const describeStep = (text: string): string => {
  const match = /^\[[^\]]*\] -> #\d+ \S+ (\S+)\s+(.*): (started|done|failed|skipped)$/s.exec(text.trim());
  if (match === null) return text.trim();
  const [, operation = '', cause = '', status = ''] = match;
  return `${operation}${cause !== '' ? ` (${cause})` : ''} ${status}`;
};

export const createPlainProgress = (io: CliIo): UpProgress => ({
  onActivity: (activity) => {
    if (activity.kind === 'plan') return;
    const text = describeStep(activity.text);
    writeLine(io.stderr, activity.serviceName !== undefined ? `${activity.serviceName}: ${text}` : text);
  },
  finish: () => undefined,
});

export const createTerminalProgress = (io: CliIo): UpProgress => {
  const color = colorEnabled(io.stderr, io.env);
  const latest = new Map<string, { text: string; failed: boolean }>();
  let drawn = 0;
  const draw = (): void => {
    const width = Math.max(0, ...[...latest.keys()].map((name) => name.length));
    let out = drawn > 0 ? `\u001b[${drawn}A` : '';
    for (const [serviceName, step] of latest) {
      const mark = step.failed ? (color ? '\u001b[31m✘\u001b[0m' : 'x') : ' ';
      out += `\u001b[2K ${mark} ${colorize(serviceName.padEnd(width), serviceName, color)}  ${step.text}\n`;
    }
    drawn = latest.size;
    io.stderr.write(out);
  };
  return {
    onActivity: (activity) => {
      if (activity.kind === 'plan') return;
      if (activity.serviceName === undefined) {
        if (activity.kind === 'error') {
          // Written above the block, which is redrawn under it.
          io.stderr.write(drawn > 0 ? `\u001b[${drawn}A\u001b[0J` : '');
          drawn = 0;
          writeLine(io.stderr, activity.text);
          draw();
        }
        return;
      }
      latest.set(activity.serviceName, {
        text: describeStep(activity.text).split('\n')[0] ?? '',
        failed: activity.kind === 'error',
      });
      draw();
    },
    finish: () => undefined,
  };
};
