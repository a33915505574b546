// The load benchmark's floor: an idle HTTP server in a process of its own, answering a
// small JSON document on a unix socket. Probed beside devd in the same run, its latency is
// what the loaded machine alone costs a request (waking a process, getting a core), with
// no work of devd's in it. Usage: node bench/load/floor-server.ts SOCKET_PATH

import { createServer, request } from 'node:http';

export const serveFloor = (socketPath: string): void => {
  const body = JSON.stringify({ projectName: 'floor', services: [] });
  createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }).listen(socketPath);
};

/** One GET to the floor server; resolves with the round trip in ms. */
export const probeFloor = (socketPath: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const outgoing = request({ socketPath, path: '/', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(performance.now() - started));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });

if (import.meta.url === `file://${process.argv[1]}`) serveFloor(process.argv[2] ?? '');
