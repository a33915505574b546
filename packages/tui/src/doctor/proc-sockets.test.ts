import { describe, expect, test } from 'vitest';
import { inodesForPort, oneLine, parseProcNet } from './proc-sockets.js';

const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 100 0 0 10 0
`;

const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5555 1 0000000000000000 100 0 0 10 0
`;

describe('parseProcNet', () => {
  test('reads addresses, ports, states and inodes', () => {
    expect(parseProcNet(tcp)).toEqual([
      { localAddress: '127.0.0.1', localPort: 8080, state: '0A', inode: 41234 },
      { localAddress: '0.0.0.0', localPort: 22, state: '0A', inode: 1111 },
      { localAddress: '127.0.0.1', localPort: 8080, state: '01', inode: 0 },
    ]);
  });

  test('reads IPv6 addresses', () => {
    expect(parseProcNet(tcp6)).toEqual([
      { localAddress: '0:0:0:0:0:0:0:1', localPort: 8080, state: '0A', inode: 5555 },
    ]);
  });
});

describe('inodesForPort', () => {
  test.each([
    { port: 8080, protocol: 'tcp' as const, inodes: [41234] },
    { port: 22, protocol: 'tcp' as const, inodes: [1111] },
    { port: 9999, protocol: 'tcp' as const, inodes: [] },
  ])('port $port/$protocol -> $inodes', ({ port, protocol, inodes }) => {
    expect(inodesForPort(parseProcNet(tcp), port, protocol)).toEqual(inodes);
  });
});

describe('oneLine', () => {
  test.each([
    ['node server.js', 'node server.js'],
    ['node -e \n  listen(1)\n', 'node -e listen(1)'],
    ['x'.repeat(200), `${'x'.repeat(119)}…`],
  ])('%j -> %j', (text, expected) => {
    expect(oneLine(text)).toBe(expected);
  });
});
