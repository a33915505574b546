// The optional TCP listener (DEVUP_TCP=127.0.0.1:PORT): a second app over the same parts,
// bound to a loopback address only, guarded by the bearer token from devd.token in the
// private run directory. A non-loopback address is refused before anything binds.

import type { AddressInfo } from 'node:net';
import type { AccessPolicy } from './access-policy.js';
import { parseTcpListenAddress } from './loopback-address.js';
import { ensureTokenFile, tokenFilePath } from './token-file.js';

export class TcpListenerError extends Error {
  override readonly name = 'TcpListenerError';
}

/** What is needed of the app: the fastify instance fits. */
export interface ListenableApp {
  listen(options: { host: string; port: number }): Promise<string>;
  close(): Promise<void>;
  server: { address(): AddressInfo | string | null };
}

export interface TcpListener {
  host: string;
  port: number;
  tokenFile: string;
  close(): Promise<void>;
}

export interface TcpListenerOptions {
  /** "127.0.0.1:7777", "[::1]:7777", "localhost:0" ... */
  address: string;
  runDir: string;
  buildApp: (policy: AccessPolicy) => Promise<ListenableApp>;
  onTokenFile?: (note: { tokenFile: string; created: boolean; fixedMode?: number }) => void;
}

export const startTcpListener = async (options: TcpListenerOptions): Promise<TcpListener> => {
  const parsed = parseTcpListenAddress(options.address);
  if (!parsed.ok) throw new TcpListenerError(`DEVUP_TCP: ${parsed.message}`);
  const tokenFile = tokenFilePath(options.runDir);
  const { token, created, fixedMode } = ensureTokenFile(tokenFile);
  options.onTokenFile?.({ tokenFile, created, ...(fixedMode !== undefined ? { fixedMode } : {}) });
  // The port is read at request time: with port 0 it is known only once bound.
  const policy: { transport: 'tcp'; port: number; token: string } = {
    transport: 'tcp',
    port: parsed.address.port,
    token,
  };
  const app = await options.buildApp(policy);
  try {
    await app.listen({ host: parsed.address.host, port: parsed.address.port });
  } catch (error) {
    await app.close();
    throw new TcpListenerError(
      `cannot listen on ${options.address}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const bound = app.server.address();
  if (bound !== null && typeof bound === 'object') policy.port = bound.port;
  return { host: parsed.address.host, port: policy.port, tokenFile, close: () => app.close() };
};
