// The terminal UI's entry point: connects the stream to the view store, the keyboard to the
// commands, and renders until the user quits. Quitting closes the stream only; whatever
// runs in devd keeps running.

import { render } from 'ink';
import { createInitialView } from '../view/view-reducer.js';
import { runServiceCommand } from './service-commands.js';
import { createTheme } from './theme.js';
import type { TuiConnection } from './tui-connection.js';
import { TuiRoot } from './TuiRoot.js';
import { createViewStore } from './view-store.js';

export interface RunTuiOptions {
  connection: TuiConnection;
  projectName: string;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** For NO_COLOR; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Use the terminal's alternate screen (restored on quit); default: when stdout is a terminal. */
  alternateScreen?: boolean;
  /** Start with this service's logs. */
  focusService?: string;
  /** Quits when this resolves (e.g. the CLI was interrupted). */
  until?: Promise<void>;
}

const TICK_MILLISECONDS = 1_000;
const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';

function sizeOf(stdout: NodeJS.WriteStream): { columns: number; rows: number } {
  return { columns: stdout.columns > 0 ? stdout.columns : 80, rows: stdout.rows > 0 ? stdout.rows : 24 };
}

/** Renders the UI for one project until `q`; resolves once the terminal is restored. */
export async function runTui(options: RunTuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const alternateScreen = options.alternateScreen ?? stdout.isTTY === true;
  const initial = createInitialView({ projectName: options.projectName, size: sizeOf(stdout), now: Date.now() });
  const store = createViewStore(
    options.focusService === undefined ? initial : { ...initial, focusService: options.focusService },
  );

  // The daemon's buffer comes over REST once the stream has its first snapshot, so the two
  // overlap (the view drops the overlap) and no line falls between them.
  let historyRequested = false;
  const loadHistory = (): void => {
    if (historyRequested || options.connection.history === undefined) return;
    historyRequested = true;
    options.connection.history().then(
      (lines) => store.dispatch({ kind: 'history', lines }),
      (error: unknown) =>
        store.dispatch({
          kind: 'notice',
          notice: {
            level: 'error',
            text: `log history unavailable: ${error instanceof Error ? error.message : String(error)}`,
            at: Date.now(),
          },
        }),
    );
  };
  const closeStream = options.connection.subscribe(
    (message) => {
      store.dispatch({ kind: 'messages', messages: [message] });
      if (message.type === 'snapshot') loadHistory();
    },
    (state) => store.dispatch({ kind: 'connection', state }),
    () => store.getState().lastLogSeq,
  );
  const ticker = setInterval(() => store.dispatch({ kind: 'tick', now: Date.now() }), TICK_MILLISECONDS);
  const onResize = (): void => store.dispatchNow({ kind: 'resize', size: sizeOf(stdout) });
  stdout.on('resize', onResize);
  if (alternateScreen) stdout.write(ENTER_ALTERNATE_SCREEN);

  let quit: () => void = () => {};
  const quitRequested = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const instance = render(
    <TuiRoot
      store={store}
      theme={createTheme(options.env ?? process.env)}
      onCommand={(command) => {
        if (command.kind === 'quit') quit();
        else void runServiceCommand(command.command, store, options.connection);
      }}
    />,
    { stdout, stdin, exitOnCtrlC: false, patchConsole: false },
  );

  try {
    await Promise.race([quitRequested, instance.waitUntilExit(), ...(options.until ? [options.until] : [])]);
  } finally {
    closeStream();
    clearInterval(ticker);
    stdout.off('resize', onResize);
    store.dispose();
    instance.unmount();
    instance.cleanup();
    if (alternateScreen) stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
}
