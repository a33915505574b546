import { afterEach, describe, expect, test } from 'vitest';
import { eventually } from '../../test/eventually.js';
import { FakeConnection } from '../../test/fake-connection.js';
import { FakeStdin, FakeStdout, keys } from '../../test/fake-terminal.js';
import { hello, historyLines, log, PROJECT, snapshot, threeServices } from '../../test/view-fixtures.js';
import { runTui } from './run-tui.js';

interface Session {
  connection: FakeConnection;
  stdout: FakeStdout;
  stdin: FakeStdin;
  done: Promise<void>;
  /** Types and waits for the screen to show `expected`. */
  pressUntil(key: string, expected: string | RegExp): Promise<string>;
}

const running: Session[] = [];

function start(columns = 80, rows = 24): Session {
  const connection = new FakeConnection();
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const done = runTui({
    connection,
    projectName: PROJECT,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env: { NO_COLOR: '1' },
  });
  const session: Session = {
    connection,
    stdout,
    stdin,
    done,
    async pressUntil(key, expected) {
      stdin.type(key);
      return eventually(() => {
        const frame = stdout.lastFrame();
        if (typeof expected === 'string' ? !frame.includes(expected) : !expected.test(frame)) {
          throw new Error(`screen does not show ${String(expected)}:\n${frame}`);
        }
        return frame;
      });
    },
  };
  running.push(session);
  return session;
}

const shows = (session: Session, text: string): Promise<string> =>
  eventually(() => {
    const frame = session.stdout.lastFrame();
    if (!frame.includes(text)) throw new Error(`screen does not show ${text}:\n${frame}`);
    return frame;
  });

afterEach(async () => {
  for (const session of running.splice(0)) {
    session.stdin.type(keys.escape);
    session.stdin.type('q');
    await session.done;
  }
});

describe('runTui', () => {
  test('shows the stream, runs commands for the selected service, and quits leaving it running', async () => {
    const session = start();
    session.connection.setState('connected');
    session.connection.push(hello(), snapshot(threeServices), log(1, 'web', 'GET /health 200'));
    await shows(session, 'web    │ GET /health 200');
    expect(session.stdout.lastFrame()).toContain('● connected');

    await session.pressUntil('j', /› web/);
    session.stdin.type('r');
    await shows(session, 'restart web: done');
    session.stdin.type('s');
    await shows(session, 'stop web: done');

    session.connection.failNext = 'no such image';
    session.stdin.type('b');
    await shows(session, 'rebuild web failed: no such image');

    session.stdin.type('q');
    await session.done;
    running.length = 0;
    expect(session.connection.commands).toEqual(['restart web', 'stop web', 'rebuild web']);
    expect(session.connection.closed).toBe(1);
  });

  test('focus, search and help respond to keys', async () => {
    const session = start();
    session.connection.push(
      hello(),
      snapshot(threeServices),
      log(1, 'web', 'GET / 200'),
      log(2, 'db', 'checkpoint complete'),
      log(3, 'web', 'GET /slow timeout after 30s'),
    );
    await shows(session, 'checkpoint complete');
    await session.pressUntil('j', /› web/);
    let frame = await session.pressUntil(keys.enter, '── logs: web');
    expect(frame).not.toContain('checkpoint complete');

    await session.pressUntil('/', 'enter search · esc cancel');
    await session.pressUntil('tim', '/tim');
    // Keys that arrive in one chunk (fast typing, tmux send-keys) act one by one.
    frame = await session.pressUntil('e\r', 'search /time/ 1 of 1');
    expect(frame).toContain('web    ▶ GET /slow timeout after 30s');

    await session.pressUntil('?', 'keys (? or esc to close)');
    await session.pressUntil(keys.escape, 'search /time/');
  });

  test('shows the connection being lost and the stream resuming', async () => {
    const session = start();
    session.connection.setState('connected');
    session.connection.push(hello('one'), snapshot(threeServices), log(1, 'web', 'first'));
    await shows(session, 'first');
    session.connection.setState('disconnected');
    await shows(session, 'disconnected, reconnecting…');
    expect(session.connection.lastLogSeq?.()).toEqual({ [PROJECT]: 1 });
    session.connection.setState('connected');
    session.connection.push(hello('one'), snapshot(threeServices), log(1, 'web', 'first'));
    session.connection.push(log(2, 'web', 'second'));
    const frame = await shows(session, 'second');
    expect(frame.match(/first/g)).toHaveLength(1);
  });

  test("after the first snapshot it loads the daemon's buffer once, before the stream's lines", async () => {
    const session = start();
    session.connection.historyLines = historyLines(1, 3, ['db']);
    session.connection.push(hello(), snapshot(threeServices), log(3, 'db', 'db line 3'), log(4, 'web', 'live'));
    const frame = await shows(session, 'live');
    await eventually(() => expect(session.stdout.lastFrame()).toContain('db line 1'));
    expect(session.stdout.lastFrame().match(/db line \d/g)).toEqual(['db line 1', 'db line 2', 'db line 3']);
    session.connection.push(hello(), snapshot(threeServices));
    expect(session.connection.historyCalls).toBe(1);
    expect(frame).toContain('live');
  });

  test('follows the terminal size', async () => {
    const session = start(100, 30);
    session.connection.push(hello(), snapshot(threeServices));
    await shows(session, 'PORTS / INFO');
    session.stdout.resize(50, 12);
    await eventually(() => {
      const lines = session.stdout.lastFrame().replace(/\n$/, '').split('\n');
      expect(lines.every((line) => line.length <= 50)).toBe(true);
      expect(lines.length).toBeLessThanOrEqual(11);
    });
  });
});
