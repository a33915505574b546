import { describe, expect, test } from 'vitest';
import { isLoopbackHostHeader, isLoopbackIp, parseTcpListenAddress } from './loopback-address.js';

describe('parseTcpListenAddress', () => {
  test.each([
    ['127.0.0.1:7777', { host: '127.0.0.1', port: 7777 }],
    ['127.1.2.3:80', { host: '127.1.2.3', port: 80 }],
    ['localhost:7777', { host: '127.0.0.1', port: 7777 }],
    [':7777', { host: '127.0.0.1', port: 7777 }],
    ['[::1]:7777', { host: '::1', port: 7777 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
  ])('%s binds %o', (text, address) => {
    expect(parseTcpListenAddress(text)).toEqual({ ok: true, address });
  });

  test.each([
    ['0.0.0.0:7777', 'not a loopback address'],
    ['[::]:7777', 'not a loopback address'],
    ['192.168.1.10:7777', 'not a loopback address'],
    ['example.com:7777', 'not a loopback address'],
    ['localhost.evil.example:7777', 'not a loopback address'],
    ['127.0.0.1', 'is not HOST:PORT'],
    ['127.0.0.1:99999', 'is not a port number'],
    ['127.0.0.1:http', 'is not HOST:PORT'],
    ['', 'is not HOST:PORT'],
  ])('%s is refused: %s', (text, reason) => {
    const parsed = parseTcpListenAddress(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(reason);
  });
});

describe('loopback checks', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::', false],
    ['0.0.0.0', false],
    ['localhost', false],
  ])('isLoopbackIp(%s) is %s', (ip, expected) => {
    expect(isLoopbackIp(ip)).toBe(expected);
  });

  test.each([
    ['127.0.0.1:7777', true],
    ['localhost:7777', true],
    ['LOCALHOST:7777', true],
    ['localhost.:7777', true],
    ['[::1]:7777', true],
    ['127.0.0.1', true],
    ['127.0.0.1:8080', false],
    ['evil.example:7777', false],
    ['attacker.localhost.example:7777', false],
    ['127.0.0.1.nip.io:7777', false],
    ['devd', false],
    ['', false],
    [undefined, false],
    ['[::1:7777', false],
  ])('Host %s for port 7777 is loopback: %s', (host, expected) => {
    expect(isLoopbackHostHeader(host, 7777)).toBe(expected);
  });
});
