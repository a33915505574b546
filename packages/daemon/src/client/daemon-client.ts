// REST calls to devd over its unix socket (node:http with `socketPath`). Errors come back
// typed: DaemonUnavailableError when nothing answers, DaemonRequestError with the API's
// stable code (and config issues) when devd refused the request.

import { createRequire } from 'node:module';
import type { ConfigIssue } from '@devup/schema';
import type {
  ApiErrorBody,
  ApiErrorCode,
  CommandResponse,
  DaemonStatus,
  DownRequest,
  LogLine,
  ProjectStatus,
  ServicesRequest,
  UpRequest,
  UpResponse,
} from '../protocol/messages.js';

// Through require: importing node:http as an ES module evaluates its lazy exports, which
// loads the fetch implementation (~100 ms of a short CLI command).
const { request: httpRequest } = createRequire(import.meta.url)('node:http') as typeof import('node:http');

export class DaemonUnavailableError extends Error {
  override readonly name = 'DaemonUnavailableError';
  constructor(
    readonly socketPath: string,
    cause: string,
  ) {
    super(`devd is not answering on ${socketPath}: ${cause}`);
  }
}

export class DaemonRequestError extends Error {
  override readonly name = 'DaemonRequestError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status: number,
    readonly issues?: ConfigIssue[],
  ) {
    super(message);
  }
}

export interface LogsQuery {
  tail?: number;
  since?: string;
  after?: number;
  services?: string[];
}

export interface LogsResponse {
  projectName: string;
  lastSeq: number;
  lines: LogLine[];
  skipped?: { fromSeq: number; toSeq: number };
}

export interface DaemonClientOptions {
  socketPath: string;
  /** Milliseconds before a request is abandoned; none by default (an `up` can take long). */
  timeoutMs?: number;
}

const isErrorBody = (value: unknown): value is ApiErrorBody =>
  typeof value === 'object' && value !== null && typeof (value as ApiErrorBody).error?.code === 'string';

export class DaemonClient {
  constructor(readonly options: DaemonClientOptions) {}

  get socketPath(): string {
    return this.options.socketPath;
  }

  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const request = httpRequest(
        {
          socketPath: this.options.socketPath,
          // Node's global agent drops sockets idle for 5 s; an `up` may be quiet for longer.
          agent: false,
          method,
          path,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': payload.length, host: 'devd' }
            : { host: 'devd' },
          ...(this.options.timeoutMs !== undefined ? { timeout: this.options.timeoutMs } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(new DaemonUnavailableError(this.options.socketPath, error.message)));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              reject(
                new DaemonRequestError(
                  'DEV_ERR_INTERNAL',
                  `devd answered with something that is not JSON (HTTP ${response.statusCode})`,
                  response.statusCode ?? 0,
                ),
              );
              return;
            }
            const status = response.statusCode ?? 0;
            if (status >= 400) {
              if (isErrorBody(parsed))
                reject(new DaemonRequestError(parsed.error.code, parsed.error.message, status, parsed.error.issues));
              else reject(new DaemonRequestError('DEV_ERR_INTERNAL', `devd answered HTTP ${status}`, status));
              return;
            }
            resolve(parsed as T);
          });
        },
      );
      if (this.options.timeoutMs !== undefined) {
        request.on('timeout', () => request.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      }
      request.on('error', (error) => reject(new DaemonUnavailableError(this.options.socketPath, error.message)));
      request.end(payload);
    });
  }

  daemonStatus(): Promise<DaemonStatus> {
    return this.request('GET', '/v1/daemon/status');
  }

  stopDaemon(): Promise<{ stopping: boolean }> {
    return this.request('POST', '/v1/daemon/stop', {});
  }

  up(body: UpRequest): Promise<UpResponse> {
    return this.request('POST', '/v1/projects/up', body);
  }

  plan(body: UpRequest): Promise<UpResponse> {
    return this.request('POST', '/v1/projects/plan', body);
  }

  /** The dry-run plan of a served project, loaded as it was last brought up. */
  planServed(projectName: string): Promise<UpResponse> {
    return this.request('GET', `/v1/projects/${encodeURIComponent(projectName)}/plan`);
  }

  down(body: DownRequest): Promise<CommandResponse> {
    return this.request('POST', '/v1/projects/down', body);
  }

  stop(body: ServicesRequest): Promise<CommandResponse> {
    return this.request('POST', '/v1/projects/stop', body);
  }

  start(body: ServicesRequest): Promise<CommandResponse> {
    return this.request('POST', '/v1/projects/start', body);
  }

  restart(body: ServicesRequest): Promise<CommandResponse> {
    return this.request('POST', '/v1/projects/restart', body);
  }

  build(body: ServicesRequest): Promise<CommandResponse> {
    return this.request('POST', '/v1/projects/build', body);
  }

  /** Builds the services' images (all that have a build section when none are named), then swaps their containers. */
  rebuild(body: ServicesRequest): Promise<CommandResponse> {
    return this.request('POST', '/v1/projects/rebuild', body);
  }

  projects(): Promise<{ projects: ProjectStatus[] }> {
    return this.request('GET', '/v1/projects');
  }

  projectStatus(projectName: string): Promise<ProjectStatus> {
    return this.request('GET', `/v1/projects/${encodeURIComponent(projectName)}/status`);
  }

  logs(projectName: string, query: LogsQuery = {}): Promise<LogsResponse> {
    const params = new URLSearchParams();
    if (query.tail !== undefined) params.set('tail', String(query.tail));
    if (query.since !== undefined) params.set('since', query.since);
    if (query.after !== undefined) params.set('after', String(query.after));
    if (query.services !== undefined && query.services.length > 0) params.set('services', query.services.join(','));
    const search = params.toString();
    return this.request(
      'GET',
      `/v1/projects/${encodeURIComponent(projectName)}/logs${search === '' ? '' : `?${search}`}`,
    );
  }
}
