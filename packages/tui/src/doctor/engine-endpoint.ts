// Where the Docker engine listens, from DOCKER_HOST the way the docker CLI reads it.

export type EngineEndpoint =
  { kind: 'unix'; socketPath: string; display: string } | { kind: 'tcp'; host: string; port: number; display: string };

export const defaultEngineSocket = '/var/run/docker.sock';

export type EndpointResult = { ok: true; endpoint: EngineEndpoint } | { ok: false; message: string };

/** Parses DOCKER_HOST (unset -> the default unix socket). */
export const parseEngineEndpoint = (env: Readonly<Record<string, string | undefined>>): EndpointResult => {
  const dockerHost = env['DOCKER_HOST']?.trim();
  if (dockerHost === undefined || dockerHost === '') {
    return {
      ok: true,
      endpoint: { kind: 'unix', socketPath: defaultEngineSocket, display: `unix://${defaultEngineSocket}` },
    };
  }
  if (dockerHost.startsWith('unix://')) {
    const socketPath = dockerHost.slice('unix://'.length);
    if (socketPath === '') return { ok: false, message: `DOCKER_HOST=${dockerHost} names no socket path` };
    return { ok: true, endpoint: { kind: 'unix', socketPath, display: dockerHost } };
  }
  if (dockerHost.startsWith('tcp://') || dockerHost.startsWith('http://')) {
    let url: URL;
    try {
      url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    } catch {
      return { ok: false, message: `DOCKER_HOST=${dockerHost} is not a valid address` };
    }
    const port = url.port === '' ? (env['DOCKER_TLS_VERIFY'] ? 2376 : 2375) : Number(url.port);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return { ok: true, endpoint: { kind: 'tcp', host, port, display: dockerHost } };
  }
  return {
    ok: false,
    message: `DOCKER_HOST=${dockerHost} uses a scheme devup does not speak (use unix:// or tcp://)`,
  };
};
