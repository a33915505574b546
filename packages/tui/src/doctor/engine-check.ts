// Check: the Docker engine answers, and its API is recent enough.
import type { CheckResult } from './check-result.js';
import type { EngineStatus } from './engine-probe.js';

/** The oldest engine API devup is tested against (Docker 20.10). */
export const minimumApiVersion = '1.41';

const compareApiVersions = (left: string, right: string): number => {
  const [leftMajor = 0, leftMinor = 0] = left.split('.').map(Number);
  const [rightMajor = 0, rightMinor = 0] = right.split('.').map(Number);
  return leftMajor - rightMajor || leftMinor - rightMinor;
};

const startHint = (endpoint: string): string =>
  [
    'start the engine: `sudo systemctl start docker` (or `sudo service docker start`;',
    'without an init system: `sudo dockerd > /tmp/dockerd.log 2>&1 &`).',
    `If your engine listens somewhere else than ${endpoint}, point DOCKER_HOST at it,`,
    'e.g. `export DOCKER_HOST=unix:///run/user/$UID/docker.sock` for rootless Docker.',
  ].join('\n');

const unreachableFix = (status: Extract<EngineStatus, { reachable: false }>): string => {
  switch (status.code) {
    case 'EACCES':
    case 'EPERM':
      return [
        `you may not open ${status.endpoint}: add yourself to the docker group`,
        '(`sudo usermod -aG docker $USER`, then log out and in again), or use rootless Docker.',
      ].join('\n');
    case 'EBADHOST':
      return 'set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it to use /var/run/docker.sock.';
    case 'ETIMEDOUT':
      return `the engine at ${status.endpoint} does not answer: restart it (\`sudo systemctl restart docker\`).`;
    default:
      return startHint(status.endpoint);
  }
};

const describeFailure = (status: Extract<EngineStatus, { reachable: false }>): string => {
  switch (status.code) {
    case 'ENOENT':
      return `no engine socket at ${status.endpoint}`;
    case 'ECONNREFUSED':
      return `nothing listens at ${status.endpoint}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied opening ${status.endpoint}`;
    default:
      return `${status.endpoint}: ${status.message}`;
  }
};

export const checkEngine = (status: EngineStatus): CheckResult => {
  const base = { id: 'engine', title: 'Docker engine' };
  if (!status.reachable) {
    return {
      ...base,
      status: 'fail',
      detail: `not reachable: ${describeFailure(status)}`,
      fix: unreachableFix(status),
    };
  }
  const platform = status.os === undefined ? '' : `, ${status.os}/${status.arch ?? '?'}`;
  const detail = `reachable at ${status.endpoint}: Docker ${status.version} (API ${status.apiVersion}${platform})`;
  if (status.apiVersion !== 'unknown' && compareApiVersions(status.apiVersion, minimumApiVersion) < 0) {
    return {
      ...base,
      status: 'warn',
      detail: `${detail}; older than API ${minimumApiVersion}`,
      fix: 'upgrade Docker to 20.10 or newer; older engines may lack features devup uses.',
    };
  }
  return { ...base, status: 'ok', detail };
};
