import { describe, expect, test } from 'vitest';
import { formatPreflightFailure, formatReport, formatReportJson } from './format-report.js';
import type { DoctorReport } from './run-doctor.js';

const report: DoctorReport = {
  project: { name: 'shop', workingDir: '/src/shop' },
  checks: [
    {
      id: 'engine',
      title: 'Docker engine',
      status: 'ok',
      detail: 'reachable at unix:///var/run/docker.sock: Docker 20.10.24 (API 1.41)',
    },
    {
      id: 'daemon',
      title: 'devd daemon',
      status: 'warn',
      detail: 'not running; `dev up` starts it',
      fix: 'nothing to do',
    },
    {
      id: 'ports',
      title: 'Host ports',
      status: 'fail',
      detail:
        '127.0.0.1:8080/tcp (web): taken by node (pid 7: node server.js)\n127.0.0.1:8081/tcp (api): taken by node (pid 7: node server.js)',
      fix: 'stop node (`kill 7`)\nor publish another host port',
    },
  ],
};

describe('formatReport', () => {
  test('plain text with marks, indented details and fixes', () => {
    expect(formatReport(report, { color: false, unicode: true })).toMatchInlineSnapshot(`
      "dev doctor: project shop (/src/shop)

      ✓ Docker engine  reachable at unix:///var/run/docker.sock: Docker 20.10.24 (API 1.41)
      ! devd daemon    not running; \`dev up\` starts it
                       fix: nothing to do
      ✗ Host ports     127.0.0.1:8080/tcp (web): taken by node (pid 7: node server.js)
                       127.0.0.1:8081/tcp (api): taken by node (pid 7: node server.js)
                       fix: stop node (\`kill 7\`)
                            or publish another host port

      1 problem to fix, 1 warning
      "
    `);
  });

  test('ASCII words instead of marks', () => {
    const lines = formatReport(report, { color: false, unicode: false }).split('\n');
    expect(lines.slice(2, 4)).toEqual([
      'ok   Docker engine  reachable at unix:///var/run/docker.sock: Docker 20.10.24 (API 1.41)',
      'warn devd daemon    not running; `dev up` starts it',
    ]);
  });

  test('colour only when asked', () => {
    expect(formatReport(report, { color: true, unicode: true })).toContain('\u001b[31m✗\u001b[0m Host ports');
    expect(formatReport(report, { color: false, unicode: true })).not.toContain('\u001b[');
  });

  test('JSON for scripts', () => {
    expect(JSON.parse(formatReportJson(report))).toMatchObject({
      ok: false,
      project: { name: 'shop' },
      summary: { ok: 1, warn: 1, fail: 1 },
      checks: report.checks,
    });
  });

  test('pre-flight failure lists only the failing checks', () => {
    expect(formatPreflightFailure(report.checks, { color: false, unicode: true })).toMatchInlineSnapshot(`
      "dev up: not starting: 1 check failed

      ✗ Host ports  127.0.0.1:8080/tcp (web): taken by node (pid 7: node server.js)
                    127.0.0.1:8081/tcp (api): taken by node (pid 7: node server.js)
                    fix: stop node (\`kill 7\`)
                         or publish another host port

      Run \`dev doctor\` for a full check of this machine.
      "
    `);
  });
});
