import { describe, expect, test } from 'vitest';
import { connectedView, service } from '../../test/view-fixtures.js';
import type { ServiceStatus } from '@devup/daemon/protocol';
import { selectServiceRows, selectTableColumns, statusTone, toServiceRow, visibleRows } from './service-rows.js';

describe('service rows', () => {
  test('the rows of a running project', () => {
    expect(selectServiceRows(connectedView())).toMatchInlineSnapshot(`
      [
        {
          "cpu": "-",
          "drift": false,
          "focused": false,
          "info": "",
          "memory": "-",
          "restarts": "0",
          "selected": true,
          "serviceName": "db",
          "status": "healthy",
          "tone": "healthy",
          "uptime": "1h02m",
          "watch": "-",
          "watchFailed": false,
        },
        {
          "cpu": "3.2%",
          "drift": false,
          "focused": false,
          "info": "http://127.0.0.1:8080",
          "memory": "83M",
          "restarts": "0",
          "selected": false,
          "serviceName": "web",
          "status": "healthy",
          "tone": "healthy",
          "uptime": "42s",
          "watch": "watching",
          "watchFailed": false,
        },
        {
          "cpu": "-",
          "drift": false,
          "focused": false,
          "info": "waiting on db: healthy",
          "memory": "-",
          "restarts": "0",
          "selected": false,
          "serviceName": "worker",
          "status": "waiting",
          "tone": "waiting",
          "uptime": "-",
          "watch": "-",
          "watchFailed": false,
        },
      ]
    `);
  });

  test.each<[Partial<ServiceStatus>, string, string]>([
    [{ state: 'healthy' }, 'healthy', 'healthy'],
    [{ state: 'running' }, 'running', 'running'],
    [{ state: 'running', health: 'starting' }, 'starting', 'running'],
    [{ state: 'running', health: 'unhealthy' }, 'unhealthy', 'failed'],
    [{ state: 'starting' }, 'starting', 'starting'],
    [{ state: 'building' }, 'building', 'starting'],
    [{ state: 'waiting' }, 'waiting', 'waiting'],
    [{ state: 'crash-loop', exitCode: 1 }, 'crash-loop', 'failed'],
    [{ state: 'exited', exitCode: 0 }, 'exited 0', 'completed'],
    [{ state: 'exited', exitCode: 2 }, 'exited 2', 'failed'],
    [{ state: 'stopped' }, 'stopped', 'stopped'],
    [{ state: 'absent' }, 'absent', 'stopped'],
  ])('%o shows %s with tone %s', (overrides, status, tone) => {
    const row = toServiceRow(service('api', overrides), connectedView());
    expect([row.status, row.tone]).toEqual([status, tone]);
    expect(statusTone(service('api', overrides))).toBe(tone);
  });

  test('notes: watch failures and OOM kills of stopped services', () => {
    const row = toServiceRow(
      service('api', { state: 'exited', exitCode: 137, oomKilled: true, watch: { kind: 'failed', reason: 'no tar' } }),
      connectedView(),
    );
    expect(row.info).toBe('watch: no tar  OOM killed');
  });

  test('the table scrolls to keep the selection visible', () => {
    const rows = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
      ...toServiceRow(service(name), connectedView()),
      selected: name === 'd',
    }));
    const visible = visibleRows(rows, 2);
    expect([visible.rows.map((row) => row.serviceName), visible.hiddenAbove]).toEqual([['c', 'd'], 2]);
  });
});

describe('table columns', () => {
  const rows = selectServiceRows(connectedView());
  test.each([
    [120, 'SERVICE:7 STATUS:10 RST:3 UP:5 CPU:5 MEM:5 WATCH:8 PORTS / INFO:68'],
    [80, 'SERVICE:7 STATUS:10 RST:3 UP:5 CPU:5 MEM:5 WATCH:8 PORTS / INFO:28'],
    [60, 'SERVICE:7 STATUS:10 RST:3 UP:5 CPU:5 MEM:5 PORTS / INFO:17'],
    [40, 'SERVICE:7 STATUS:10 RST:3 PORTS / INFO:15'],
    [30, 'SERVICE:7 STATUS:10 PORTS / INFO:9'],
  ])('at %i columns: %s', (width, expected) => {
    const columns = selectTableColumns(rows, width);
    expect(columns.map((column) => `${column.title}:${column.width}`).join(' ')).toBe(expected);
    expect(columns.reduce((sum, column) => sum + column.width + 1, 2)).toBeLessThanOrEqual(width + 1);
  });
});
