// Check: devd, the per-user daemon, answers; not running is fine (it starts on demand).
import type { CheckResult } from './check-result.js';

export type DaemonHealth =
  | { state: 'running'; version?: string; detail?: string }
  | { state: 'not-running'; detail?: string }
  | { state: 'unhealthy'; message: string };

export type DaemonProbe = () => Promise<DaemonHealth>;

export const checkDaemon = (health: DaemonHealth): CheckResult => {
  const base = { id: 'daemon', title: 'devd daemon' };
  switch (health.state) {
    case 'running':
      return {
        ...base,
        status: 'ok',
        detail: `running${health.version === undefined ? '' : ` (version ${health.version})`}${health.detail === undefined ? '' : `: ${health.detail}`}`,
      };
    case 'not-running':
      return {
        ...base,
        status: 'warn',
        detail: `not running${health.detail === undefined ? '' : ` (${health.detail})`}; \`dev up\` starts it`,
        fix: 'nothing to do, or start it now with `dev daemon start`.',
      };
    case 'unhealthy':
      return {
        ...base,
        status: 'fail',
        detail: `not healthy: ${health.message}`,
        fix: 'restart it: `dev daemon stop && dev daemon start`.',
      };
  }
};
