// Whether a host port can be bound right now: bind it for an instant, then let it go.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export type BindOutcome = { free: true } | { free: false; code: string; message: string };

export type BindProbe = (hostIp: string, hostPort: number, protocol: 'tcp' | 'udp') => Promise<BindOutcome>;

const failure = (error: NodeJS.ErrnoException): BindOutcome => ({
  free: false,
  code: error.code ?? 'EIO',
  message: error.message,
});

export const tryBind: BindProbe = (hostIp, hostPort, protocol) =>
  new Promise<BindOutcome>((resolve) => {
    if (protocol === 'udp') {
      const socket = createSocket(hostIp.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (error) => {
        socket.close();
        resolve(failure(error));
      });
      socket.bind({ address: hostIp, port: hostPort, exclusive: true }, () =>
        socket.close(() => resolve({ free: true })),
      );
      return;
    }
    const server = createServer();
    server.once('error', (error) => resolve(failure(error)));
    server.listen({ host: hostIp, port: hostPort, exclusive: true }, () => server.close(() => resolve({ free: true })));
  });
