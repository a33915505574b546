// Who holds a port: /proc/net/{tcp,tcp6,udp,udp6} map a local port to a socket inode, and
// /proc/<pid>/fd/* links ("socket:[inode]") map the inode to the processes holding it.
import { readFile, readdir, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface SocketEntry {
  localAddress: string;
  localPort: number;
  /** Kernel state in hex, "0A" = LISTEN for tcp. */
  state: string;
  inode: number;
}

export interface PortHolder {
  pid: number;
  /** The program's name: its executable's file name (a process may rename its thread, so not `comm`). */
  command: string;
  /** Full command line, arguments joined by spaces. */
  commandLine: string;
}

const tcpListen = '0A';

const commandLineLimit = 120;

/** A command line on one line, cut to a readable length. */
export const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= commandLineLimit ? flat : `${flat.slice(0, commandLineLimit - 1)}…`;
};

const decodeIpv4 = (hex: string): string => {
  const bytes = (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  return bytes.reverse().join('.');
};

const decodeIpv6 = (hex: string): string => {
  // Four little-endian 32-bit words.
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse());
  const groups: string[] = [];
  for (let index = 0; index < bytes.length; index += 2)
    groups.push(`${bytes[index]}${bytes[index + 1]}`.replace(/^0{1,3}/, ''));
  return groups.join(':').toLowerCase();
};

/** Parses the text of /proc/net/tcp, tcp6, udp or udp6. */
export const parseProcNet = (text: string): SocketEntry[] =>
  text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 10)
    .map((fields) => {
      const [addressHex = '', portHex = '0'] = (fields[1] ?? '').split(':');
      return {
        localAddress: addressHex.length > 8 ? decodeIpv6(addressHex) : decodeIpv4(addressHex),
        localPort: Number.parseInt(portHex, 16),
        state: fields[3] ?? '',
        inode: Number(fields[9]),
      };
    });

/** Socket inodes bound to the port (listening, for tcp). */
export const inodesForPort = (entries: readonly SocketEntry[], port: number, protocol: 'tcp' | 'udp'): number[] =>
  entries
    .filter(
      (entry) => entry.localPort === port && entry.inode !== 0 && (protocol === 'udp' || entry.state === tcpListen),
    )
    .map((entry) => entry.inode);

/** The processes holding a host port, read from procfs; empty when none can be seen. */
export const findPortHolders = async (
  port: number,
  protocol: 'tcp' | 'udp',
  procRoot = '/proc',
): Promise<PortHolder[]> => {
  const tables = protocol === 'tcp' ? ['tcp', 'tcp6'] : ['udp', 'udp6'];
  const inodes = new Set<number>();
  for (const table of tables) {
    const text = await readFile(join(procRoot, 'net', table), 'utf8').catch(() => '');
    for (const inode of inodesForPort(parseProcNet(text), port, protocol)) inodes.add(inode);
  }
  if (inodes.size === 0) return [];
  const holders: PortHolder[] = [];
  const pids = (await readdir(procRoot).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(join(procRoot, pid, 'fd')).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(join(procRoot, pid, 'fd', fd)).catch(() => '');
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match === null || !inodes.has(Number(match[1]))) continue;
      const argv = (await readFile(join(procRoot, pid, 'cmdline'), 'utf8').catch(() => '')).split('\0').filter(Boolean);
      const executable = await readlink(join(procRoot, pid, 'exe')).catch(() => argv[0] ?? '');
      const comm = (await readFile(join(procRoot, pid, 'comm'), 'utf8').catch(() => '?')).trim();
      const command = executable === '' ? comm : basename(executable.replace(/ \(deleted\)$/, ''));
      const commandLine = oneLine(argv.join(' '));
      holders.push({ pid: Number(pid), command, commandLine });
      break;
    }
  }
  return holders;
};
