import { describe, expect, test } from 'vitest';
import { type AccessPolicy, checkAccess, type RequestHeaders } from './access-policy.js';

const token = 'a'.repeat(64);
const tcp: AccessPolicy = { transport: 'tcp', port: 7777, token };
const unix: AccessPolicy = { transport: 'unix' };
const bearer = `Bearer ${token}`;

describe('checkAccess', () => {
  test.each<[string, AccessPolicy, RequestHeaders, string | undefined]>([
    ['unix, a local client', unix, { host: 'devd' }, undefined],
    ['unix, a local websocket upgrade', unix, { host: 'devd', upgrade: 'websocket' }, undefined],
    ['unix, a browser', unix, { host: 'devd', origin: 'http://localhost:3000' }, 'DEV_ERR_FORBIDDEN'],
    ['tcp, token and loopback host', tcp, { host: '127.0.0.1:7777', authorization: bearer }, undefined],
    ['tcp, token over localhost', tcp, { host: 'localhost:7777', authorization: bearer }, undefined],
    [
      'tcp, same-origin page with the token',
      tcp,
      { host: '127.0.0.1:7777', origin: 'http://127.0.0.1:7777', authorization: bearer },
      undefined,
    ],
    ['tcp, no token', tcp, { host: '127.0.0.1:7777' }, 'DEV_ERR_UNAUTHORIZED'],
    [
      'tcp, a wrong token',
      tcp,
      { host: '127.0.0.1:7777', authorization: `Bearer ${'b'.repeat(64)}` },
      'DEV_ERR_UNAUTHORIZED',
    ],
    ['tcp, a short token', tcp, { host: '127.0.0.1:7777', authorization: 'Bearer a' }, 'DEV_ERR_UNAUTHORIZED'],
    ['tcp, basic auth', tcp, { host: '127.0.0.1:7777', authorization: `Basic ${token}` }, 'DEV_ERR_UNAUTHORIZED'],
    [
      'tcp, an upgrade with neither Origin nor token',
      tcp,
      { host: '127.0.0.1:7777', upgrade: 'websocket' },
      'DEV_ERR_UNAUTHORIZED',
    ],
    [
      'tcp, DNS rebinding (token guessed, foreign Host)',
      tcp,
      { host: 'evil.example:7777', authorization: bearer },
      'DEV_ERR_FORBIDDEN',
    ],
    ['tcp, no Host', tcp, { authorization: bearer }, 'DEV_ERR_FORBIDDEN'],
    [
      'tcp, two Host headers',
      tcp,
      { host: ['127.0.0.1:7777', 'evil.example'], authorization: bearer },
      'DEV_ERR_FORBIDDEN',
    ],
    ['tcp, Host with another port', tcp, { host: '127.0.0.1:9999', authorization: bearer }, 'DEV_ERR_FORBIDDEN'],
    [
      'tcp, a foreign Origin even with the token',
      tcp,
      { host: '127.0.0.1:7777', origin: 'http://evil.example', authorization: bearer },
      'DEV_ERR_FORBIDDEN',
    ],
    [
      'tcp, a loopback Origin on another port',
      tcp,
      { host: '127.0.0.1:7777', origin: 'http://localhost:3000', authorization: bearer },
      'DEV_ERR_FORBIDDEN',
    ],
    [
      'tcp, Origin "null" (sandboxed frame)',
      tcp,
      { host: '127.0.0.1:7777', origin: 'null', authorization: bearer },
      'DEV_ERR_FORBIDDEN',
    ],
    [
      'tcp, a foreign upgrade',
      tcp,
      { host: '127.0.0.1:7777', origin: 'https://evil.example', upgrade: 'websocket' },
      'DEV_ERR_FORBIDDEN',
    ],
  ])('%s', (_name, policy, headers, code) => {
    expect(checkAccess(policy, headers)?.code).toBe(code);
  });
});
