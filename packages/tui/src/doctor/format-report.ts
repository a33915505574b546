// The doctor's report as text (a line per check, details and fixes indented below) or JSON.
import type { CheckResult, CheckStatus } from './check-result.js';
import type { DoctorReport } from './run-doctor.js';

export interface FormatOptions {
  /** ANSI colours (a terminal without NO_COLOR). */
  color: boolean;
  /** ✓ ! ✗ when true, else ok/warn/FAIL words. */
  unicode: boolean;
}

const marks: Record<CheckStatus, { unicode: string; ascii: string }> = {
  ok: { unicode: '✓', ascii: 'ok  ' },
  warn: { unicode: '!', ascii: 'warn' },
  fail: { unicode: '✗', ascii: 'FAIL' },
};

/** Semantic colours for statuses. */
const statusColor: Record<CheckStatus, string> = { ok: '\u001b[32m', warn: '\u001b[33m', fail: '\u001b[31m' };
const dim = '\u001b[2m';
const reset = '\u001b[0m';

const paint = (text: string, code: string, options: FormatOptions): string =>
  options.color ? `${code}${text}${reset}` : text;

/** One check as lines: mark, title, first detail line; further lines and the fix indented. */
export const formatCheck = (check: CheckResult, titleWidth: number, options: FormatOptions): string[] => {
  const mark = paint(
    options.unicode ? marks[check.status].unicode : marks[check.status].ascii,
    statusColor[check.status],
    options,
  );
  const indent = ' '.repeat((options.unicode ? 2 : 5) + titleWidth + 2);
  const [first = '', ...rest] = check.detail.split('\n');
  const lines = [`${mark} ${check.title.padEnd(titleWidth)}  ${first}`, ...rest.map((line) => `${indent}${line}`)];
  if (check.fix !== undefined && check.status !== 'ok') {
    const [fixFirst = '', ...fixRest] = check.fix.split('\n');
    lines.push(paint(`${indent}fix: ${fixFirst}`, dim, options));
    for (const line of fixRest) lines.push(paint(`${indent}     ${line}`, dim, options));
  }
  return lines;
};

export const summarize = (checks: readonly CheckResult[]): Record<CheckStatus, number> => ({
  ok: checks.filter((check) => check.status === 'ok').length,
  warn: checks.filter((check) => check.status === 'warn').length,
  fail: checks.filter((check) => check.status === 'fail').length,
});

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export const formatChecks = (checks: readonly CheckResult[], options: FormatOptions): string[] => {
  const titleWidth = Math.max(0, ...checks.map((check) => check.title.length));
  return checks.flatMap((check) => formatCheck(check, titleWidth, options));
};

export const formatReport = (report: DoctorReport, options: FormatOptions): string => {
  const heading =
    report.project === undefined
      ? 'dev doctor'
      : `dev doctor: project ${report.project.name} (${report.project.workingDir})`;
  const counts = summarize(report.checks);
  const verdict =
    counts.fail > 0
      ? paint(`${plural(counts.fail, 'problem')} to fix, ${plural(counts.warn, 'warning')}`, statusColor.fail, options)
      : counts.warn > 0
        ? paint(`ready, with ${plural(counts.warn, 'warning')}`, statusColor.warn, options)
        : paint('ready', statusColor.ok, options);
  return [heading, '', ...formatChecks(report.checks, options), '', verdict, ''].join('\n');
};

export const formatReportJson = (report: DoctorReport): string =>
  `${JSON.stringify({ ok: !report.checks.some((check) => check.status === 'fail'), project: report.project ?? null, summary: summarize(report.checks), checks: report.checks }, null, 2)}\n`;

/** What `dev up` prints when its pre-flight checks fail. */
export const formatPreflightFailure = (checks: readonly CheckResult[], options: FormatOptions): string => {
  const failing = checks.filter((check) => check.status === 'fail');
  return [
    `dev up: not starting: ${plural(failing.length, 'check')} failed`,
    '',
    ...formatChecks(failing, options),
    '',
    'Run `dev doctor` for a full check of this machine.',
    '',
  ].join('\n');
};
