// The dockerode client the Docker adapter's parts share. Honours DOCKER_HOST (and
// DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) the way the docker CLI does, through dockerode's
// defaults.

import Docker from 'dockerode';

export type DockerClient = Docker;

/** A client on `socketPath`, or where DOCKER_HOST says (else the default unix socket). */
export function connectDocker(socketPath?: string): DockerClient {
  return socketPath ? new Docker({ socketPath }) : new Docker();
}

/** What the client talks to, for messages: the socket path, DOCKER_HOST, or the default socket. */
export function dockerEndpoint(socketPath?: string): string {
  return socketPath ?? process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
}
