// Loopback checks for the optional TCP listener: the address it binds and the Host a
// request names. Anything that is not 127.0.0.0/8, ::1 or "localhost" is refused, so a
// page whose DNS name was rebound to 127.0.0.1 cannot talk to devd.

import { isIP } from 'node:net';

export interface TcpListenAddress {
  host: string;
  port: number;
}

export type ParsedListenAddress = { ok: true; address: TcpListenAddress } | { ok: false; message: string };

export const isLoopbackIp = (ip: string): boolean => {
  const bare = ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  if (isIP(bare) === 6) return /^(0{0,4}:){2,7}0{0,3}1$|^::1$/i.test(bare);
  return false;
};

/** A host name (no port) that only ever means this machine. */
export const isLoopbackHostName = (hostName: string): boolean => {
  const lower = hostName.toLowerCase().replace(/\.$/, '');
  return lower === 'localhost' || isLoopbackIp(lower);
};

/** Splits "host:port", "[v6]:port" or "host" into its parts; undefined when malformed. */
export const splitHostPort = (text: string): { hostName: string; port?: string } | undefined => {
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return undefined;
    const rest = text.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return { hostName: text.slice(1, end), ...(rest !== '' ? { port: rest.slice(1) } : {}) };
  }
  const parts = text.split(':');
  if (parts.length === 1) return { hostName: text };
  if (parts.length === 2 && /^\d{1,5}$/.test(parts[1] ?? '')) return { hostName: parts[0] ?? '', port: parts[1] };
  return undefined;
};

/** The Host header of a request to the TCP listener: loopback name, and our port when one is given. */
export const isLoopbackHostHeader = (hostHeader: string | undefined, port: number): boolean => {
  if (hostHeader === undefined || hostHeader === '') return false;
  const parts = splitHostPort(hostHeader.trim());
  if (parts === undefined || !isLoopbackHostName(parts.hostName)) return false;
  return parts.port === undefined || Number(parts.port) === port;
};

/** Parses DEVUP_TCP-style text ("127.0.0.1:7777", "[::1]:7777", "localhost:7777", ":7777"). */
export const parseTcpListenAddress = (text: string): ParsedListenAddress => {
  const trimmed = text.trim();
  const parts = splitHostPort(trimmed.startsWith(':') ? `127.0.0.1${trimmed}` : trimmed);
  if (parts === undefined || parts.port === undefined) {
    return { ok: false, message: `"${text}" is not HOST:PORT (for example 127.0.0.1:7777)` };
  }
  const port = Number(parts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { ok: false, message: `"${parts.port}" is not a port number` };
  if (!isLoopbackHostName(parts.hostName)) {
    return {
      ok: false,
      message: `"${parts.hostName}" is not a loopback address; devd only listens on 127.0.0.1, ::1 or localhost`,
    };
  }
  const host = parts.hostName.toLowerCase() === 'localhost' ? '127.0.0.1' : parts.hostName;
  return { ok: true, address: { host, port } };
};
