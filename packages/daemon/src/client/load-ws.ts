// `ws` loaded on first use through require: a CLI command that never opens a websocket
// does not pay for loading it (nor for node:http's ESM namespace, which pulls in fetch).

import { createRequire } from 'node:module';
import type WebSocket from 'ws';

let loaded: typeof WebSocket | undefined;

export const loadWebSocket = (): typeof WebSocket => {
  loaded ??= createRequire(import.meta.url)('ws') as typeof WebSocket;
  return loaded;
};
