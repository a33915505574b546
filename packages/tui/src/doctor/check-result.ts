// What every doctor check returns: one line of verdict, the details behind it, and how to fix it.

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable identifier, e.g. "engine", "ports". */
  id: string;
  /** Short human title, e.g. "Docker engine". */
  title: string;
  status: CheckStatus;
  /** What was found; may span several lines. */
  detail: string;
  /** What to do about a warn or fail; may span several lines. */
  fix?: string;
}

const severity: Record<CheckStatus, number> = { ok: 0, warn: 1, fail: 2 };

/** The worst of several statuses (`ok` for none). */
export const worstStatus = (statuses: readonly CheckStatus[]): CheckStatus =>
  statuses.reduce<CheckStatus>((worst, status) => (severity[status] > severity[worst] ? status : worst), 'ok');

export const hasFailures = (results: readonly CheckResult[]): boolean =>
  results.some((result) => result.status === 'fail');
