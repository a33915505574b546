// Who used the machine's CPU during a load run: devd, its log plane (devd's child
// process), dockerd, containerd with its shims,
// the containers themselves (the cgroup v1 `docker` accounting group, or the v2 slice),
// this benchmark process (its clients run in a worker of it), and everything else. Read
// from /proc and /sys/fs/cgroup before and after; each figure is a share of the whole
// machine (all cores together = 100 %).

import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSample {
  /** Busy seconds of the whole machine (all cores). */
  machine: number;
  cores: number;
  devd: number;
  /** devd's child processes: the log plane. */
  logPlane: number;
  dockerd: number;
  containerd: number;
  containers: number;
  bench: number;
}

export type CpuShares = Record<Exclude<keyof CpuSample, 'machine' | 'cores'> | 'other', number> & {
  machineBusy: number;
};

const ticks = 100;

const readOr = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** User + system CPU seconds of a process (0 when it is gone). */
export const processCpuSeconds = (pid: number): number => {
  const fields = readOr(`/proc/${pid}/stat`).split(') ')[1]?.split(' ') ?? [];
  const seconds = (Number(fields[11]) + Number(fields[12])) / ticks;
  return Number.isFinite(seconds) ? seconds : 0;
};

const processName = (pid: string): string => readOr(`/proc/${pid}/comm`).trim();

const processIds = (): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);

/** The processes whose parent is `pid` (devd's log plane). */
export const childPids = (pid: number): number[] =>
  processIds().filter((child) => Number(readOr(`/proc/${child}/stat`).split(') ')[1]?.split(' ')[1]) === pid);

const machineBusy = (): { busy: number; cores: number } => {
  const lines = readOr('/proc/stat').split('\n');
  const total = lines[0]?.split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal
  const busy =
    (total[0] ?? 0) + (total[1] ?? 0) + (total[2] ?? 0) + (total[5] ?? 0) + (total[6] ?? 0) + (total[7] ?? 0);
  const cores = lines.filter((line) => /^cpu\d+ /.test(line)).length;
  return { busy: busy / ticks, cores: Math.max(1, cores) };
};

const containersSeconds = (): number => {
  const v1 = readOr('/sys/fs/cgroup/cpuacct/docker/cpuacct.usage').trim();
  if (v1 !== '') return Number(v1) / 1e9;
  const v2 = /usage_usec (\d+)/.exec(readOr('/sys/fs/cgroup/system.slice/cpu.stat'));
  return v2?.[1] === undefined ? 0 : Number(v2[1]) / 1e6;
};

export const sampleCpu = (devdPid: number): CpuSample => {
  let dockerd = 0;
  let containerd = 0;
  for (const pid of processIds()) {
    const name = processName(String(pid));
    if (name === 'dockerd') dockerd += processCpuSeconds(pid);
    else if (name === 'containerd' || name.startsWith('containerd-shim')) containerd += processCpuSeconds(pid);
  }
  const usage = process.cpuUsage();
  const { busy, cores } = machineBusy();
  return {
    machine: busy,
    cores,
    devd: processCpuSeconds(devdPid),
    logPlane: childPids(devdPid).reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    dockerd,
    containerd,
    containers: containersSeconds(),
    bench: (usage.user + usage.system) / 1e6,
  };
};

/** Shares of the whole machine between two samples, in percent. */
export const cpuShares = (before: CpuSample, after: CpuSample, wallSeconds: number): CpuShares => {
  const capacity = wallSeconds * after.cores;
  const share = (key: Exclude<keyof CpuSample, 'machine' | 'cores'>): number =>
    (Math.max(0, after[key] - before[key]) / capacity) * 100;
  const machine = ((after.machine - before.machine) / capacity) * 100;
  const shares = {
    devd: share('devd'),
    logPlane: share('logPlane'),
    dockerd: share('dockerd'),
    containerd: share('containerd'),
    containers: share('containers'),
    bench: share('bench'),
  };
  const known = Object.values(shares).reduce((sum, value) => sum + value, 0);
  return { ...shares, other: Math.max(0, machine - known), machineBusy: machine };
};

export const formatShares = (shares: CpuShares): string =>
  `machine busy ${shares.machineBusy.toFixed(0)}% (devd ${shares.devd.toFixed(0)}%, its log plane ${shares.logPlane.toFixed(0)}%, dockerd ${shares.dockerd.toFixed(0)}%, containerd+shims ${shares.containerd.toFixed(0)}%, containers ${shares.containers.toFixed(0)}%, bench clients ${shares.bench.toFixed(0)}%, other ${shares.other.toFixed(0)}%)`;
