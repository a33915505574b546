// Port mappings, short ("[[ip:]published:]target[/protocol]", ranges included) and long,
// to Compose's long form: { mode, host_ip?, target, published?, protocol }.
import { type TreeMap, isMap } from '../tree.js';

export type LongPort = TreeMap & { target: number; mode: string; protocol: string };

const parseRange = (text: string): [number, number] | undefined => {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  return end < start || end > 65535 ? undefined : [start, end];
};

const splitHostIp = (text: string): { hostIp: string; rest: string } => {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    return { hostIp: text.slice(1, close), rest: text.slice(close + 2) };
  }
  const parts = text.split(':');
  if (parts.length === 3) return { hostIp: parts[0] ?? '', rest: parts.slice(1).join(':') };
  return { hostIp: '', rest: text };
};

export const parseShortPort = (spec: string | number): LongPort[] | { error: string } => {
  if (typeof spec === 'number') return [{ mode: 'ingress', target: spec, protocol: 'tcp' }];
  const [address = '', protocol = 'tcp', ...extra] = spec.split('/');
  if (extra.length > 0 || !['tcp', 'udp', 'sctp'].includes(protocol)) {
    return { error: `invalid port "${spec}": protocol must be tcp, udp or sctp` };
  }
  const { hostIp, rest } = splitHostIp(address);
  const parts = rest.split(':');
  if (parts.length > 2) return { error: `invalid port "${spec}": expected [[ip:]published:]target[/protocol]` };
  const targetText = parts.at(-1) ?? '';
  const publishedText = parts.length === 2 ? (parts[0] ?? '') : '';
  const targets = parseRange(targetText);
  if (targets === undefined) return { error: `invalid port "${spec}": "${targetText}" is not a port number or range` };
  const published = publishedText === '' ? undefined : parseRange(publishedText);
  if (publishedText !== '' && published === undefined) {
    return { error: `invalid port "${spec}": "${publishedText}" is not a port number or range` };
  }
  const count = targets[1] - targets[0] + 1;
  const result: LongPort[] = [];
  for (let offset = 0; offset < count; offset += 1) {
    const port: LongPort = { mode: 'ingress', target: targets[0] + offset, protocol };
    if (hostIp !== '') port.host_ip = hostIp;
    if (published !== undefined) {
      const publishedCount = published[1] - published[0] + 1;
      if (publishedCount === count) port.published = String(published[0] + offset);
      else if (publishedCount === 1) port.published = String(published[0]);
      else if (count === 1) port.published = `${published[0]}-${published[1]}`;
      else return { error: `invalid port "${spec}": the published and target ranges differ in size` };
    }
    result.push(port);
  }
  return result;
};

export const canonicalPort = (entry: unknown): LongPort[] | { error: string } => {
  if (typeof entry === 'number' || typeof entry === 'string') return parseShortPort(entry);
  if (!isMap(entry)) return { error: 'a port must be a number, a string or a mapping' };
  const target = typeof entry.target === 'string' ? Number.parseInt(entry.target, 10) : entry.target;
  if (typeof target !== 'number' || Number.isNaN(target)) return { error: 'a port mapping needs a numeric "target"' };
  const port: LongPort = {
    ...entry,
    mode: String(entry.mode ?? 'ingress'),
    target,
    protocol: String(entry.protocol ?? 'tcp'),
  };
  if (entry.published === undefined || entry.published === null || entry.published === '') delete port.published;
  else port.published = String(entry.published);
  return [port];
};
