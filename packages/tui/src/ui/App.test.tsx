import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import {
  actions,
  connectedView,
  log,
  logs,
  messagesEvent,
  serviceUpdate,
  service,
  snapshot,
  threeServices,
  viewAfter,
  action,
} from '../../test/view-fixtures.js';
import type { ViewState } from '../view/view-state.js';
import { App } from './App.js';
import { createTheme } from './theme.js';

const plainTheme = createTheme({ NO_COLOR: '1' });

const ansi = /\u001b\[[0-9;]*m/g;

function frameOf(view: ViewState): string {
  const { lastFrame, unmount } = render(<App view={view} theme={plainTheme} />);
  const frame = (lastFrame() ?? '').replace(ansi, '');
  unmount();
  return frame;
}

describe('the screen at 80x24', () => {
  test('services and interleaved logs', () => {
    const view = connectedView([messagesEvent(...logs(1, 6, ['web', 'db']), log(7, 'worker', 'celery@w1 ready'))]);
    expect(frameOf(view)).toMatchInlineSnapshot(`
      "devup shop  ● connected  2/3 healthy
        SERVICE STATUS     RST UP    CPU   MEM   WATCH    PORTS / INFO
      › db      healthy    0   1h02m -     -     -
        web     healthy    0   42s   3.2%  83M   watching http://127.0.0.1:8080
        worker  waiting    0   -     -     -     -        waiting on db: healthy
      ── logs: all services · following
      web    │ web line 1
      db     │ db line 2
      web    │ web line 3
      db     │ db line 4
      web    │ web line 5
      db     │ db line 6
      worker │ celery@w1 ready









      ⏎ focus  / search  f follow  r restart  b rebuild  s stop/start  ? help  q quit"
    `);
  });

  test('a focused service, paused, with lines arriving', () => {
    const view = connectedView([
      messagesEvent(...logs(1, 40, ['web', 'db'])),
      ...actions('select-next', 'focus-selected'),
      action({ type: 'scroll-up', lines: 2 }),
      messagesEvent(...logs(41, 44, ['web', 'db'])),
    ]);
    expect(frameOf(view)).toMatchInlineSnapshot(`
      "devup shop  ● connected  2/3 healthy
        SERVICE STATUS     RST UP    CPU   MEM   WATCH    PORTS / INFO
        db      healthy    0   1h02m -     -     -
      › web     healthy    0   42s   3.2%  83M   watching http://127.0.0.1:8080
        worker  waiting    0   -     -     -     -        waiting on db: healthy
      ── logs: web · paused (+4 new, f to follow)
      web    │ web line 5
      web    │ web line 7
      web    │ web line 9
      web    │ web line 11
      web    │ web line 13
      web    │ web line 15
      web    │ web line 17
      web    │ web line 19
      web    │ web line 21
      web    │ web line 23
      web    │ web line 25
      web    │ web line 27
      web    │ web line 29
      web    │ web line 31
      web    │ web line 33
      web    │ web line 35
      ⏎ focus  / search  f follow  r restart  b rebuild  s stop/start  ? help  q quit"
    `);
  });

  test('a search with context, the current match marked', () => {
    const texts = ['GET /a 200', 'tick', 'tick', 'tick', 'tick', 'tick', 'GET /b 500', 'tick', 'tick', 'tick'];
    const view = connectedView([
      messagesEvent(...texts.map((text, index) => log(index + 1, index % 2 === 0 ? 'web' : 'db', text))),
      ...actions('search-start'),
      action({ type: 'search-type', text: 'get /' }),
      ...actions('search-submit'),
    ]);
    expect(frameOf(view)).toMatchInlineSnapshot(`
      "devup shop  ● connected  2/3 healthy
        SERVICE STATUS     RST UP    CPU   MEM   WATCH    PORTS / INFO
      › db      healthy    0   1h02m -     -     -
        web     healthy    0   42s   3.2%  83M   watching http://127.0.0.1:8080
        worker  waiting    0   -     -     -     -        waiting on db: healthy
      ── logs: all services · following · search /get // 2 of 2
      web    • GET /a 200
      db     │ tick
      web    │ tick
             ┆
      web    │ tick
      db     │ tick
      web    ▶ GET /b 500
      db     │ tick
      web    │ tick







      ⏎ focus  / search  f follow  r restart  b rebuild  s stop/start  ? help  q quit"
    `);
  });

  test('the search prompt while typing', () => {
    const view = connectedView([...actions('search-start'), action({ type: 'search-type', text: 'time.*out' })]);
    expect(frameOf(view).split('\n').at(-1)).toMatchInlineSnapshot(`"/time.*out   enter search · esc cancel"`);
  });

  test('a service that drifts from production is marked ≠ beside its name', () => {
    const view = connectedView([messagesEvent(serviceUpdate({ ...threeServices[1]!, drift: true }))]);
    const table = frameOf(view).split('\n').slice(1, 5).join('\n');
    expect(table).toMatchInlineSnapshot(`
      "  SERVICE STATUS     RST UP    CPU   MEM   WATCH    PORTS / INFO
      › db      healthy    0   1h02m -     -     -
        web ≠   healthy    0   42s   3.2%  83M   watching http://127.0.0.1:8080
        worker  waiting    0   -     -     -     -        waiting on db: healthy"
    `);
  });

  test('a crash loop panel with exit code, OOM and last lines', () => {
    const view = connectedView([
      messagesEvent(
        serviceUpdate(
          service('web', {
            state: 'crash-loop',
            exitCode: 137,
            oomKilled: true,
            restarts: 5,
            lastLines: ['Booting worker', 'MemoryError: cannot allocate', 'Killed'],
          }),
        ),
      ),
    ]);
    expect(frameOf(view)).toMatchInlineSnapshot(`
      "devup shop  ● connected  1/3 healthy  1 failing
        SERVICE STATUS     RST UP    CPU   MEM   WATCH    PORTS / INFO
      › db      healthy    0   1h02m -     -     -
        web     crash-loop 5   -     -     -     -        OOM killed
        worker  waiting    0   -     -     -     -        waiting on db: healthy
      ✗ web is crash-looping: exit code 137 · OOM killed · 5 restarts
        Booting worker
        MemoryError: cannot allocate
        Killed
      ── logs: all services · following












      ⏎ focus  / search  f follow  r restart  b rebuild  s stop/start  ? help  q quit"
    `);
  });

  test('config errors with file:line:col and a hint', () => {
    const view = viewAfter([
      { kind: 'connection', state: 'connected' },
      messagesEvent(
        snapshot(threeServices, [
          {
            severity: 'error',
            file: 'dev.yaml',
            line: 12,
            column: 7,
            path: 'services.web.depends_on',
            message: 'unknown service "dbb"',
            hint: 'did you mean "db"?',
            code: 'unknown-dependency',
          },
        ]),
      ),
    ]);
    expect(frameOf(view)).toMatchInlineSnapshot(`
      "devup shop  ● connected  2/3 healthy  1 config error
        SERVICE STATUS     RST UP    CPU   MEM   WATCH    PORTS / INFO
      › db      healthy    0   1h02m -     -     -
        web     healthy    0   42s   3.2%  83M   watching http://127.0.0.1:8080
        worker  waiting    0   -     -     -     -        waiting on db: healthy
      ✗ config: 1 problem (the running environment is unchanged)
        dev.yaml:12:7  error  services.web.depends_on: unknown service "dbb"
                       hint   did you mean "db"?
      ── logs: all services · following













      ⏎ focus  / search  f follow  r restart  b rebuild  s stop/start  ? help  q quit"
    `);
  });

  test('help in place of the table and the logs', () => {
    expect(frameOf(connectedView(actions('toggle-help')))).toMatchInlineSnapshot(`
      "devup shop  ● connected  2/3 healthy
      ── keys (? or esc to close)
        ↑ ↓  k j     select a service
        enter        show the selected service's logs
        a            show all services' logs
        r            restart the selected service
        b            rebuild the selected service
        s            stop / start the selected service
        /            search the logs (regex)
        n            older match
        N            newer match
        f            follow / pause the logs
        pgup ctrl-u  scroll back a page
        pgdn ctrl-d  scroll forward a page
        K J          scroll one line
        g G          oldest / newest line
        ?            this help
        esc          close help / search / focus / pause
        q            quit (the environment keeps running)
        ≠            differs from production (dev parity)
        ports        published URLs; most terminals open them on click

      ⏎ focus  / search  f follow  r restart  b rebuild  s stop/start  ? help  q quit"
    `);
  });

  test('a lost daemon connection', () => {
    const view = connectedView([{ kind: 'connection', state: 'disconnected' }]);
    expect(frameOf(view).split('\n')[0]).toMatchInlineSnapshot(
      `"devup shop  ○ disconnected, reconnecting…  2/3 healthy"`,
    );
  });
});

describe('other sizes', () => {
  test('a 60x12 terminal keeps every part in its rows', () => {
    const view = viewAfter([messagesEvent(...logs(1, 30, ['web']))], connectedView());
    const small: ViewState = { ...view, size: { columns: 60, rows: 12 } };
    const frame = frameOf(small);
    expect(frame).toMatchInlineSnapshot(`
      "devup shop  ● connected  2/3 healthy
        SERVICE STATUS     RST UP    CPU   MEM   PORTS / INFO
      › db      healthy    0   1h02m -     -
        web     healthy    0   42s   3.2%  83M   http://127.0.0.1…
        worker  waiting    0   -     -     -     waiting on db: h…
      ── logs: all services · following
      web    │ web line 27
      web    │ web line 28
      web    │ web line 29
      web    │ web line 30
      ⏎ focus  / search  f follow  r restart  b rebuild  s stop/s…"
    `);
    expect(frame.split('\n')).toHaveLength(11);
  });

  test('an unknown project says so', () => {
    const view = viewAfter([
      { kind: 'connection', state: 'connected' },
      messagesEvent({ type: 'snapshot', seq: 1, projects: [] }),
    ]);
    expect(frameOf(view).split('\n').slice(0, 3).join('\n')).toMatchInlineSnapshot(`
      "devup shop  ● connected  not loaded in devd
        SERVICE STATUS     RST UP    CPU   MEM   WATCH    PORTS / INFO
        no services yet"
    `);
  });
});
