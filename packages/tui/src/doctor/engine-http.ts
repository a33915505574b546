// Plain HTTP requests to the Docker engine's API over its unix socket or TCP, with node:http.
import { request } from 'node:http';
import type { EngineEndpoint } from './engine-endpoint.js';

export interface EngineResponse {
  statusCode: number;
  body: string;
}

/** An engine request that failed below HTTP: the socket is missing, refused, or timed out. */
export class EngineConnectionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineConnectionError';
  }
}

export type EngineGet = (path: string) => Promise<EngineResponse>;

/** Returns a GET function bound to the endpoint; each call resolves with status and body. */
export const engineGetter =
  (endpoint: EngineEndpoint, timeoutMs = 5_000): EngineGet =>
  (path) =>
    new Promise<EngineResponse>((resolve, reject) => {
      const target =
        endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
      const outgoing = request(
        { ...target, path, method: 'GET', headers: { host: 'docker' }, timeout: timeoutMs },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({ statusCode: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          incoming.on('error', (error) => reject(new EngineConnectionError('EIO', error.message)));
        },
      );
      outgoing.on('timeout', () => {
        outgoing.destroy(
          new EngineConnectionError('ETIMEDOUT', `no answer from ${endpoint.display} within ${timeoutMs} ms`),
        );
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof EngineConnectionError) return reject(error);
        reject(new EngineConnectionError(error.code ?? 'EIO', error.message));
      });
      outgoing.end();
    });

/** GET and parse JSON; undefined for a 404; throws on other non-2xx answers. */
export const engineGetJson = async <T>(get: EngineGet, path: string): Promise<T | undefined> => {
  const response = await get(path);
  if (response.statusCode === 404) return undefined;
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new Error(`GET ${path} answered ${response.statusCode}: ${response.body.trim().slice(0, 200)}`);
  }
  return JSON.parse(response.body) as T;
};
