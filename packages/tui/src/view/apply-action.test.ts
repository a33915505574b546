import { describe, expect, test } from 'vitest';
import {
  action,
  actions,
  connectedView,
  initialView,
  log,
  logs,
  messagesEvent,
  PROJECT,
  service,
  serviceUpdate,
  viewAfter,
  paneTexts,
} from '../../test/view-fixtures.js';
import { selectCommand } from './commands.js';
import { selectLogPane } from './log-pane.js';
import { selectNotice, selectStatusSummary } from './status-summary.js';
import type { ViewEvent, ViewState } from './view-state.js';

describe('focus and follow', () => {
  const busy = (): ViewState => connectedView([messagesEvent(...logs(1, 12, ['web', 'db', 'worker']))]);

  test('enter focuses the selected service, a shows all again', () => {
    const focused = viewAfter(actions('select-next', 'focus-selected'), busy());
    expect(focused.focusService).toBe('web');
    expect(paneTexts(focused)).toEqual(['web: web line 1', 'web: web line 4', 'web: web line 7', 'web: web line 10']);
    expect(paneTexts(viewAfter(actions('show-all'), focused))).toEqual([
      'db: db line 8',
      'worker: worker line 9',
      'web: web line 10',
      'db: db line 11',
      'worker: worker line 12',
    ]);
  });

  test('pausing keeps the window still while lines arrive, and counts them', () => {
    const paused = viewAfter([...actions('toggle-follow'), messagesEvent(...logs(13, 15, ['web']))], busy());
    expect(paused.scroll).toEqual({ follow: false, bottomId: 12 });
    const pane = selectLogPane(paused, 5);
    expect(pane.header).toEqual({ source: 'all services', following: false, newer: 3 });
    expect(paneTexts(paused)).toEqual([
      'db: db line 8',
      'worker: worker line 9',
      'web: web line 10',
      'db: db line 11',
      'worker: worker line 12',
    ]);
    expect(viewAfter(actions('toggle-follow'), paused).scroll).toEqual({ follow: true });
  });

  test('scrolling up pauses, scrolling back down to the newest follows again', () => {
    const up = viewAfter([messagesEvent(...logs(13, 40, ['web'])), action({ type: 'scroll-up', lines: 3 })], busy());
    expect(up.scroll).toEqual({ follow: false, bottomId: 37 });
    const down = viewAfter([action({ type: 'scroll-down', lines: 5 })], up);
    expect(down.scroll).toEqual({ follow: true });
  });

  test('scroll-top shows the oldest lines that fill the pane', () => {
    const top = viewAfter(actions('scroll-top'), busy());
    const rows = 16; // 80x24 with three services
    expect(top.scroll).toEqual({ follow: true }); // 12 lines fit: nothing to scroll
    const many = viewAfter([messagesEvent(...logs(13, 40, ['web'])), ...actions('scroll-top')], busy());
    expect(many.scroll).toEqual({ follow: false, bottomId: rows });
  });

  test('escape closes help, then the focus, then a pause', () => {
    const deep = viewAfter(actions('select-next', 'focus-selected', 'toggle-follow', 'toggle-help'), busy());
    expect([deep.help, deep.focusService, deep.scroll.follow]).toEqual([true, 'web', false]);
    const once = viewAfter(actions('escape'), deep);
    expect([once.help, once.focusService]).toEqual([false, 'web']);
    const twice = viewAfter(actions('escape'), once);
    expect([twice.focusService, twice.scroll.follow]).toEqual([undefined, true]);
  });
});

describe('search', () => {
  const typed = (text: string): ViewEvent[] => [
    ...actions('search-start'),
    action({ type: 'search-type', text }),
    ...actions('search-submit'),
  ];
  const lines = (): ViewEvent =>
    messagesEvent(
      ...[
        'boot',
        'GET /a 200',
        'GET /b 500',
        'tick',
        'tick',
        'tick',
        'tick',
        'tick',
        'GET /c 200',
        'tick',
        'POST /d 500',
      ].map((text, index) => log(index + 1, 'web', text)),
    );

  test('a search shows matches with two lines of context, centred on the newest match', () => {
    const state = connectedView([lines(), ...typed('get')]);
    expect(paneTexts(state, 20)).toEqual([
      '  boot',
      '* GET /a 200',
      '* GET /b 500',
      '  tick',
      '  tick',
      '--',
      '  tick',
      '  tick',
      '> GET /c 200',
      '  tick',
      '  POST /d 500',
    ]);
    expect(selectLogPane(state, 20).header.search).toBe('/get/ 3 of 3');
  });

  test('n goes to older matches, N to newer, both wrap around', () => {
    const state = connectedView([lines(), ...typed('500')]);
    const current = (view: ViewState): string | undefined =>
      paneTexts(view, 20)
        .find((row) => row.startsWith('>'))
        ?.slice(2);
    expect(current(state)).toBe('POST /d 500');
    const older = viewAfter(actions('search-next'), state);
    expect(current(older)).toBe('GET /b 500');
    expect(current(viewAfter(actions('search-next'), older))).toBe('POST /d 500');
    expect(current(viewAfter(actions('search-previous'), older))).toBe('POST /d 500');
  });

  test.each([
    { query: 'get', count: '3 of 3' },
    { query: 'GET', count: '3 of 3' },
    { query: 'Get', count: 'no match' },
    { query: '5\\d0$', count: '2 of 2' },
    { query: '(', count: 'no match' },
  ])('query $query finds $count', ({ query, count }) => {
    const state = connectedView([lines(), ...typed(query)]);
    expect(selectLogPane(state, 20).header.search).toBe(`/${query}/ ${count}`);
  });

  test('an invalid regex is searched as plain text and says why', () => {
    const state = connectedView([lines(), messagesEvent(log(20, 'web', 'f(x')), ...typed('f(')]);
    const header = selectLogPane(state, 20).header;
    expect(header.search).toBe('/f(/ 1 of 1');
    expect(header.searchInvalid).toContain('Invalid regular expression');
  });

  test('typing edits the draft, escape cancels it and keeps the previous search', () => {
    const state = connectedView([
      ...typed('tick'),
      ...actions('search-start'),
      action({ type: 'search-type', text: 'GEX' }),
      ...actions('search-erase'),
    ]);
    expect(state.search).toEqual({ draft: 'GE', query: 'tick' });
    expect(viewAfter(actions('escape'), state).search).toEqual({ query: 'tick' });
    expect(viewAfter(actions('escape', 'escape'), state).search).toEqual({ query: '' });
  });

  test('n without a search explains how to search', () => {
    const state = connectedView(actions('search-next'));
    expect(selectNotice(state)?.text).toBe('no search: press / to search');
  });
});

describe('commands and status', () => {
  test.each([
    { key: 'restart', state: 'healthy', expected: { verb: 'restart', serviceName: 'db' } },
    { key: 'rebuild', state: 'healthy', expected: { verb: 'rebuild', serviceName: 'db' } },
    { key: 'stop-start', state: 'healthy', expected: { verb: 'stop', serviceName: 'db' } },
    { key: 'stop-start', state: 'crash-loop', expected: { verb: 'stop', serviceName: 'db' } },
    { key: 'stop-start', state: 'stopped', expected: { verb: 'start', serviceName: 'db' } },
    { key: 'stop-start', state: 'exited', expected: { verb: 'start', serviceName: 'db' } },
  ] as const)('$key on a $state service is $expected.verb', ({ key, state, expected }) => {
    const view = connectedView([messagesEvent(serviceUpdate(service('db', { state })))]);
    expect(selectCommand(view, key)).toEqual(expected);
  });

  test('no command without a selected service', () => {
    expect(selectCommand(initialView(), 'restart')).toBeUndefined();
  });

  test('the status bar counts healthy and failing services', () => {
    const state = connectedView([
      messagesEvent(serviceUpdate(service('worker', { state: 'crash-loop', exitCode: 137 }))),
    ]);
    expect(selectStatusSummary(state)).toEqual({
      projectName: PROJECT,
      connection: 'connected',
      reconnecting: false,
      healthy: 2,
      failing: 1,
      total: 3,
      configErrors: 0,
      projectKnown: true,
    });
  });

  test('a lost connection after a hello reads as reconnecting', () => {
    const state = connectedView([{ kind: 'connection', state: 'disconnected' }]);
    expect(selectStatusSummary(state)).toMatchObject({ connection: 'disconnected', reconnecting: true });
  });
});
