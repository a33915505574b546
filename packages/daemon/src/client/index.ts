// @devup/daemon/client: how the CLI and the TUI talk to devd.
export { DaemonClient, DaemonRequestError, DaemonUnavailableError } from './daemon-client.js';
export type { DaemonClientOptions, LogsQuery, LogsResponse } from './daemon-client.js';
export { openStream } from './stream-connection.js';
export type { StreamEvents, StreamHandle, StreamOptions, StreamSubscription } from './stream-connection.js';
export { runExec } from './exec-connection.js';
export type { ExecIo, ExecStart } from './exec-connection.js';
export { defaultDevdPath, ensureDaemon, spawnDaemon } from './ensure-daemon.js';
export type { EnsureDaemonOptions } from './ensure-daemon.js';
export { resolveRuntimePaths } from '../state/runtime-paths.js';
export { BUILD_ID_ENV, buildIdFor } from '../state/build-id.js';
export type { RuntimePaths } from '../state/runtime-paths.js';
export { probeSocket, readPidFile, isProcessAlive } from '../state/daemon-lock.js';
export type * from '../protocol/messages.js';
export { PROTOCOL_VERSION } from '../protocol/messages.js';
