// The CLI's dispatcher: global options, then one command module loaded on demand (so
// `dev --version` starts fast). Expected failures are printed once, without a stack.

import type { CliHooks } from './cli-hooks.js';
import { CliError, EXIT, type CliIo, writeLine } from './cli-io.js';
import type { Command } from './command.js';
import { parseCommandLine } from './global-options.js';
import { renderFailure } from './render-failure.js';
import { cliVersion } from './version.js';

const commands: Record<string, () => Promise<Command>> = {
  up: async () => (await import('./commands/up-command.js')).upCommand,
  down: async () => (await import('./commands/down-command.js')).downCommand,
  ps: async () => (await import('./commands/ps-command.js')).psCommand,
  logs: async () => (await import('./commands/logs-command.js')).logsCommand,
  restart: async () => (await import('./commands/restart-command.js')).restartCommand,
  stop: async () => (await import('./commands/stop-command.js')).stopCommand,
  start: async () => (await import('./commands/start-command.js')).startCommand,
  build: async () => (await import('./commands/build-command.js')).buildCommand,
  exec: async () => (await import('./commands/exec-command.js')).execCommand,
  config: async () => (await import('./commands/config-command.js')).configCommand,
  daemon: async () => (await import('./commands/daemon-command.js')).daemonCommand,
  tui: async () => (await import('./commands/tui-command.js')).tuiCommand,
  doctor: async () => (await import('./doctor-command.js')).doctorCommand,
  parity: async () => (await import('./parity-command.js')).parityCommand,
  watch: async () => (await import('./commands/watch-command.js')).watchCommand,
};

export const HELP = `Usage: dev [PROJECT OPTIONS] COMMAND [ARGS...]

Runs a team's development environment from its Compose files, through the devd daemon.

Project options (Compose's):
  -f, --file FILE             Compose file (repeatable; default: dev.yaml, else compose.yaml ...)
  -p, --project-name NAME     Project name
      --project-directory DIR Project directory (default: the first file's folder)
      --env-file FILE         Environment file (repeatable)
      --profile NAME          Enable a profile (repeatable)
  COMPOSE_FILE, COMPOSE_PROJECT_NAME and COMPOSE_PROFILES are honoured.

Commands:
  up [SERVICE...]        Create and start services (-d, --wait, --wait-timeout N, --build, --no-build,
                         --pull always|missing|never|build, --force-recreate, --remove-orphans,
                         -t N, --dry-run, --no-watch)
  down                   Stop and remove the project's containers and networks (-v, -t N, --remove-orphans)
  ps [SERVICE...]        List the project's services (--json, --format table|json, -a)
  logs [SERVICE...]      Show output (-f, --since, -n/--tail N, -t, --no-color, --no-log-prefix)
  stop|restart [SERVICE...]  Stop or restart services (-t N: seconds before the kill; restart --no-deps)
  start [SERVICE...]     Start stopped services
  build [SERVICE...]     Build images (--no-cache, --pull)
  exec SERVICE CMD...    Run a command in a running service (-T, -d, -u USER, -w DIR, -e K=V, --index N)
  config [SERVICE...]    Print the normalized project (--format yaml|json, --schema, --show-secrets)
  watch [SERVICE...]     Bring the project up watching, and follow what the watcher does
  parity                 Differences between the production definition and what devup runs (--json)
  daemon start|stop|status [--json]
  doctor                 Check this machine and the project for what would stop dev up (--json)
  tui                    Open the terminal UI

Exit codes: 0 success, 1 failure (config errors, failed services, engine errors),
2 usage error, 3 devd not reachable, 130 interrupted; exec passes the command's own code.
`;

export const runCli = async (argv: readonly string[], io: CliIo, hooks: CliHooks = {}): Promise<number> => {
  try {
    const { globals, command, rest } = parseCommandLine(argv);
    if (globals.version) {
      writeLine(io.stdout, `dev version ${cliVersion()}`);
      return EXIT.ok;
    }
    if (command === undefined || globals.help || command === 'help') {
      io.stdout.write(HELP);
      return command === undefined && !globals.help ? EXIT.usage : EXIT.ok;
    }
    const load = commands[command];
    if (load === undefined) throw new CliError(`unknown command "${command}" (see dev --help)`, EXIT.usage);
    const run = await load();
    return await run({ globals, args: rest, io, hooks });
  } catch (error) {
    return renderFailure(error, io);
  }
};
