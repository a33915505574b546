// Whether the devd that answered runs the same build as this CLI. A devd left running
// from an older build refuses fields it does not know (DEV_ERR_BAD_REQUEST) with the same
// version string, so the CLI compares build ids and restarts an idle devd of another
// build; one that is running commands is left alone, and the user is told what to run.

import type { DaemonStatus } from '@devup/daemon/protocol';

export type DaemonBuildVerdict =
  | { kind: 'same' }
  /** Another build, running nothing: stop it and start this build's devd. */
  | { kind: 'restart'; reason: string }
  /** Another build, busy: restarting would cut its commands short. */
  | { kind: 'busy'; message: string };

export const judgeDaemonBuild = (
  cliBuildId: string,
  status: Pick<DaemonStatus, 'pid' | 'buildId' | 'commandsRunning'>,
): DaemonBuildVerdict => {
  if (status.buildId === cliBuildId) return { kind: 'same' };
  const theirs = status.buildId ?? 'an older build without a build id';
  const reason = `devd (pid ${status.pid}) runs build ${theirs}, this dev is build ${cliBuildId}`;
  // A devd that does not count its commands predates the count; its stop still lets commands in progress finish.
  const running = status.commandsRunning ?? 0;
  if (running === 0) return { kind: 'restart', reason };
  return {
    kind: 'busy',
    message:
      `${reason}, and it is running ${running} command${running === 1 ? '' : 's'} (another dev up, exec or build); ` +
      'run `dev daemon stop` once they finish, then run this command again',
  };
};
