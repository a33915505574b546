// Who may talk to devd, decided per request from its headers alone (pure). On the unix
// socket the file mode already limits callers to the user, so only browsers are kept out:
// any Origin is refused. On the TCP listener every request and websocket upgrade also
// needs a loopback Host (no DNS rebinding) and the bearer token; an Origin is accepted
// only when it is this very listener.

import { timingSafeEqual } from 'node:crypto';
import type { ApiErrorCode } from '../protocol/messages.js';
import { isLoopbackHostHeader, isLoopbackHostName, splitHostPort } from './loopback-address.js';

export type AccessPolicy = { transport: 'unix' } | { transport: 'tcp'; port: number; token: string };

export interface RequestHeaders {
  origin?: string | string[] | undefined;
  host?: string | string[] | undefined;
  authorization?: string | string[] | undefined;
  upgrade?: string | string[] | undefined;
}

export interface AccessRefusal {
  code: Extract<ApiErrorCode, 'DEV_ERR_FORBIDDEN' | 'DEV_ERR_UNAUTHORIZED'>;
  message: string;
}

const single = (value: string | string[] | undefined): string | undefined | null =>
  Array.isArray(value) ? (value.length === 1 ? value[0] : null) : value;

const sameListenerOrigin = (origin: string, port: number): boolean => {
  const match = /^https?:\/\/([^/]+)$/i.exec(origin);
  if (match?.[1] === undefined) return false;
  const parts = splitHostPort(match[1]);
  return parts !== undefined && isLoopbackHostName(parts.hostName) && Number(parts.port) === port;
};

export const tokensMatch = (given: string, expected: string): boolean => {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Undefined when the request may go on; otherwise why it is refused. */
export const checkAccess = (policy: AccessPolicy, headers: RequestHeaders): AccessRefusal | undefined => {
  const origin = single(headers.origin);
  if (origin === null) return { code: 'DEV_ERR_FORBIDDEN', message: 'more than one Origin header' };
  const isUpgrade = headers.upgrade !== undefined;
  if (policy.transport === 'unix') {
    if (origin !== undefined) return { code: 'DEV_ERR_FORBIDDEN', message: 'requests from browsers are refused' };
    return undefined;
  }
  const host = single(headers.host);
  if (host === null || !isLoopbackHostHeader(host, policy.port)) {
    return {
      code: 'DEV_ERR_FORBIDDEN',
      message: 'the Host header must name this machine (127.0.0.1, ::1 or localhost)',
    };
  }
  if (origin !== undefined && !sameListenerOrigin(origin, policy.port)) {
    return {
      code: 'DEV_ERR_FORBIDDEN',
      message: `requests from origin ${JSON.stringify(origin.slice(0, 100))} are refused`,
    };
  }
  const authorization = single(headers.authorization);
  const match =
    authorization === null || authorization === undefined ? null : /^Bearer ([\x21-\x7e]+)$/.exec(authorization);
  if (match?.[1] === undefined || !tokensMatch(match[1], policy.token)) {
    return {
      code: 'DEV_ERR_UNAUTHORIZED',
      message: isUpgrade
        ? 'a websocket upgrade needs the bearer token'
        : 'a bearer token is required (Authorization: Bearer <token from devd.token>)',
    };
  }
  return undefined;
};
