import { describe, expect, test } from 'vitest';
import {
  actions,
  connectedView,
  hello,
  historyLines,
  initialView,
  log,
  logs,
  logTexts,
  messagesEvent,
  NOW,
  PROJECT,
  service,
  serviceUpdate,
  skipped,
  snapshot,
  threeServices,
  viewAfter,
  paneTexts,
} from '../../test/view-fixtures.js';
import { selectNotice, selectStatusSummary } from './status-summary.js';
import { reduceView } from './view-reducer.js';

describe('services from the stream', () => {
  test('a snapshot shows the project and selects its first service', () => {
    const state = connectedView();
    expect(state.services.map((status) => status.serviceName)).toEqual(['db', 'web', 'worker']);
    expect(state.selectedService).toBe('db');
    expect(state.projectKnown).toBe(true);
    expect(state.synced).toBe(true);
  });

  test('a snapshot without the project says the project is unknown', () => {
    const state = viewAfter([messagesEvent(hello(), { type: 'snapshot', seq: 9, projects: [] })]);
    expect(state.projectKnown).toBe(false);
    expect(selectStatusSummary(state).projectKnown).toBe(false);
  });

  test('a service delta replaces that service and keeps the order', () => {
    const state = connectedView([messagesEvent(serviceUpdate(service('web', { state: 'crash-loop', exitCode: 1 })))]);
    expect(state.services.map((status) => `${status.serviceName}:${status.state}`)).toEqual([
      'db:healthy',
      'web:crash-loop',
      'worker:waiting',
    ]);
  });

  test('a delta for a new service appends it; other projects are ignored', () => {
    const state = connectedView([
      messagesEvent(serviceUpdate(service('cache')), serviceUpdate({ ...service('intruder'), projectName: 'other' })),
    ]);
    expect(state.services.map((status) => status.serviceName)).toEqual(['db', 'web', 'worker', 'cache']);
  });

  test('the selection moves to the first service when the selected one disappears', () => {
    const selectedWorker = connectedView(actions('select-next', 'select-next'));
    expect(selectedWorker.selectedService).toBe('worker');
    const state = viewAfter([messagesEvent(snapshot(threeServices.slice(0, 2)))], selectedWorker);
    expect(state.selectedService).toBe('db');
  });

  test('project-removed empties the table', () => {
    const state = connectedView([messagesEvent({ type: 'project-removed', seq: 99, projectName: PROJECT })]);
    expect(state.services).toEqual([]);
    expect(state.projectKnown).toBe(false);
    expect(state.selectedService).toBeUndefined();
  });

  test('an error message becomes a notice that expires', () => {
    const state = connectedView([
      messagesEvent({ type: 'error', seq: 5, code: 'DEV_ERR_ENGINE', message: 'engine went away' }),
    ]);
    expect(selectNotice(state)).toEqual({ level: 'error', text: 'engine went away', at: NOW });
    expect(selectNotice(reduceView(state, { kind: 'tick', now: NOW + 60_000 }))).toBeUndefined();
  });
});

describe('log lines and resume', () => {
  test('lines are appended in order and printable', () => {
    const state = connectedView([
      messagesEvent(log(1, 'web', '\u001b[32mGET /\u001b[0m 200'), log(2, 'db', 'ready\tto accept\r')),
    ]);
    expect(logTexts(state)).toEqual(['GET / 200', 'ready   to accept']);
    expect(state.lastLogSeq).toEqual({ [PROJECT]: 2 });
  });

  test('a line at or below the last sequence number is a duplicate and is dropped', () => {
    const state = connectedView([messagesEvent(...logs(1, 3, ['web'])), messagesEvent(...logs(2, 5, ['web']))]);
    expect(logTexts(state)).toEqual(['web line 1', 'web line 2', 'web line 3', 'web line 4', 'web line 5']);
  });

  test('after a reconnect the replayed backlog joins without gap or duplicate', () => {
    const state = connectedView([
      messagesEvent(...logs(1, 4, ['web', 'db'])),
      { kind: 'connection', state: 'disconnected' },
      { kind: 'connection', state: 'connecting' },
      { kind: 'connection', state: 'connected' },
      messagesEvent(hello(), snapshot(threeServices), ...logs(3, 6, ['db', 'web'])),
    ]);
    expect(logTexts(state)).toEqual(['web line 1', 'db line 2', 'web line 3', 'db line 4', 'db line 5', 'web line 6']);
    expect(state.lastLogSeq[PROJECT]).toBe(6);
  });

  test('a new daemon instance numbers lines afresh: they are kept, after a marker', () => {
    const state = viewAfter([
      messagesEvent(hello('a'), snapshot(threeServices), ...logs(1, 3, ['web'])),
      messagesEvent(hello('a'), snapshot(threeServices), ...logs(3, 4, ['web'])),
      messagesEvent(hello('b'), snapshot(threeServices), ...logs(1, 2, ['db'])),
    ]);
    expect(logTexts(state)).toEqual([
      'web line 1',
      'web line 2',
      'web line 3',
      'web line 4',
      '… the daemon restarted; earlier lines are above',
      'db line 1',
      'db line 2',
    ]);
    expect(state.lastLogSeq).toEqual({ [PROJECT]: 2 });
  });

  test('lines of other projects advance their own sequence but are not shown', () => {
    const state = connectedView([messagesEvent(log(7, 'api', 'elsewhere', 'stdout', 'other'), log(1, 'web', 'here'))]);
    expect(logTexts(state)).toEqual(['here']);
    expect(state.lastLogSeq).toEqual({ other: 7, [PROJECT]: 1 });
  });

  test.each([
    { name: 'a whole range', from: 11, to: 20, expected: 'skipped 10 lines' },
    { name: 'a range overlapping what was seen', from: 8, to: 12, expected: 'skipped 2 lines' },
    { name: 'one line', from: 11, to: 11, expected: 'skipped 1 line' },
  ])('logs-skipped for $name shows how many lines were skipped', ({ from, to, expected }) => {
    const state = connectedView([
      messagesEvent(...logs(1, 10, ['web']), skipped(from, to), log(to + 1, 'web', 'after')),
    ]);
    expect(logTexts(state).slice(-2)).toEqual([`… ${expected} (the daemon's buffer moved on)`, 'after']);
    expect(state.lastLogSeq[PROJECT]).toBe(to + 1);
  });

  test('logs-skipped entirely before what was seen adds nothing', () => {
    const state = connectedView([messagesEvent(...logs(1, 10, ['web']), skipped(3, 9))]);
    expect(state.log.entries).toHaveLength(10);
  });

  test('the buffer keeps only the newest lines', () => {
    const start = { ...initialView(), log: { ...initialView().log, capacity: 4 } };
    const state = viewAfter([messagesEvent(...logs(1, 3, ['web'])), messagesEvent(...logs(4, 9, ['web']))], start);
    expect(logTexts(state)).toEqual(['web line 6', 'web line 7', 'web line 8', 'web line 9']);
    expect(state.log.entries.map((entry) => entry.id)).toEqual([6, 7, 8, 9]);
  });

  test('activity of the project appears in the log', () => {
    const state = connectedView([
      messagesEvent({
        type: 'activity',
        seq: 40,
        activity: {
          projectName: PROJECT,
          serviceName: 'web',
          kind: 'plan',
          text: 'recreate: config changed',
          time: '',
        },
      }),
    ]);
    expect(state.log.entries).toEqual([
      { id: 1, kind: 'activity', serviceName: 'web', stream: 'devup', text: 'recreate: config changed' },
    ]);
  });
});

describe('history from the daemon buffer', () => {
  test('into an empty view it is the log, and the stream continues after it', () => {
    const state = connectedView([
      { kind: 'history', lines: historyLines(1, 3, ['web']) },
      messagesEvent(...logs(3, 4, ['web'])),
    ]);
    expect(logTexts(state)).toEqual(['web line 1', 'web line 2', 'web line 3', 'web line 4']);
  });

  test('older lines go before what the stream brought, newer ones after, overlap once', () => {
    const state = connectedView([
      messagesEvent(...logs(5, 6, ['web'])),
      { kind: 'history', lines: historyLines(1, 8, ['web']) },
      messagesEvent(...logs(7, 9, ['web'])),
    ]);
    expect(logTexts(state)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((seq) => `web line ${seq}`));
    const ids = state.log.entries.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('older lines fill only the room left, newest first', () => {
    const start = { ...initialView(), log: { ...initialView().log, capacity: 4 } };
    const state = viewAfter(
      [messagesEvent(...logs(8, 9, ['web'])), { kind: 'history', lines: historyLines(1, 7, ['web']) }],
      start,
    );
    expect(logTexts(state)).toEqual(['web line 6', 'web line 7', 'web line 8', 'web line 9']);
  });

  test('a paused view stays where it was', () => {
    const paused = connectedView([messagesEvent(...logs(30, 60, ['web'])), ...actions('toggle-follow')]);
    const state = viewAfter([{ kind: 'history', lines: historyLines(1, 29, ['web']) }], paused);
    expect(paneTexts(state, 3)).toEqual(paneTexts(paused, 3));
    expect(state.log.entries).toHaveLength(60);
  });
});
