// The engine questions the doctor asks, answered over the engine's HTTP API (no client library).
import { parseEngineEndpoint } from './engine-endpoint.js';
import { EngineConnectionError, type EngineGet, engineGetJson, engineGetter } from './engine-http.js';

export type EngineStatus =
  | { reachable: true; endpoint: string; version: string; apiVersion: string; os?: string; arch?: string }
  | { reachable: false; endpoint: string; code: string; message: string };

/** A port a running container publishes on the host. */
export interface ContainerPortBinding {
  containerName: string;
  projectName?: string;
  serviceName?: string;
  hostIp: string;
  hostPort: number;
  protocol: string;
}

export interface EngineProbe {
  status(): Promise<EngineStatus>;
  /** Docker's data root (e.g. /var/lib/docker); undefined when the engine does not say. */
  dataRoot(): Promise<string | undefined>;
  /** Whether the image is present in the engine's local store. */
  hasImage(reference: string): Promise<boolean>;
  /** Host ports published by running containers. */
  publishedPorts(): Promise<ContainerPortBinding[]>;
}

interface VersionBody {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
}

interface ContainerSummary {
  Names?: string[];
  Labels?: Record<string, string>;
  Ports?: { IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }[];
}

const toStatus = async (get: EngineGet, display: string): Promise<EngineStatus> => {
  try {
    const ping = await get('/_ping');
    if (ping.statusCode !== 200) {
      return {
        reachable: false,
        endpoint: display,
        code: `HTTP${ping.statusCode}`,
        message: `/_ping answered ${ping.statusCode}`,
      };
    }
    const version = (await engineGetJson<VersionBody>(get, '/version')) ?? {};
    return {
      reachable: true,
      endpoint: display,
      version: version.Version ?? 'unknown',
      apiVersion: version.ApiVersion ?? 'unknown',
      ...(version.Os === undefined ? {} : { os: version.Os }),
      ...(version.Arch === undefined ? {} : { arch: version.Arch }),
    };
  } catch (error) {
    const code = error instanceof EngineConnectionError ? error.code : 'EIO';
    return {
      reachable: false,
      endpoint: display,
      code,
      message: error instanceof Error ? error.message : String(error),
    };
  }
};

/** Image references as the engine's /images/{name}/json route wants them in a path. */
const imagePath = (reference: string): string =>
  `/images/${reference.split('/').map(encodeURIComponent).join('/')}/json`;

/** The real probe, talking to the engine named by DOCKER_HOST (or the default socket). */
export const createEngineProbe = (
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 5_000,
): EngineProbe => {
  const parsed = parseEngineEndpoint(env);
  if (!parsed.ok) {
    const failing = async (): Promise<never> => {
      throw new Error(parsed.message);
    };
    return {
      status: async () => ({
        reachable: false,
        endpoint: env['DOCKER_HOST'] ?? '',
        code: 'EBADHOST',
        message: parsed.message,
      }),
      dataRoot: failing,
      hasImage: failing,
      publishedPorts: failing,
    };
  }
  const get = engineGetter(parsed.endpoint, timeoutMs);
  return {
    status: () => toStatus(get, parsed.endpoint.display),
    dataRoot: async () => (await engineGetJson<{ DockerRootDir?: string }>(get, '/info'))?.DockerRootDir,
    hasImage: async (reference) => (await engineGetJson<unknown>(get, imagePath(reference))) !== undefined,
    publishedPorts: async () => {
      const containers = (await engineGetJson<ContainerSummary[]>(get, '/containers/json')) ?? [];
      return containers.flatMap((container) =>
        (container.Ports ?? [])
          .filter((port) => port.PublicPort !== undefined)
          .map((port) => ({
            containerName: (container.Names?.[0] ?? '').replace(/^\//, ''),
            ...(container.Labels?.['com.docker.compose.project'] === undefined
              ? {}
              : { projectName: container.Labels['com.docker.compose.project'] }),
            ...(container.Labels?.['com.docker.compose.service'] === undefined
              ? {}
              : { serviceName: container.Labels['com.docker.compose.service'] }),
            hostIp: port.IP ?? '0.0.0.0',
            hostPort: port.PublicPort ?? 0,
            protocol: port.Type ?? 'tcp',
          })),
      );
    },
  };
};
