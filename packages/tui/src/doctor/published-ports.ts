// The host ports a project publishes, one entry per host port (ranges expanded).
import type { Project, Service } from '@devup/schema';

export interface PublishedHostPort {
  serviceName: string;
  /** The address to bind: the port's host_ip, else all addresses. */
  hostIp: string;
  hostPort: number;
  protocol: 'tcp' | 'udp';
}

/** Whether the service runs with the project's enabled profiles. */
export const isServiceActive = (service: Service, profilesEnabled: readonly string[]): boolean =>
  service.profiles.length === 0 ||
  service.profiles.some((profile) => profilesEnabled.includes(profile) || profilesEnabled.includes('*'));

const expandPublished = (published: string): number[] => {
  const range = /^(\d+)-(\d+)$/.exec(published.trim());
  if (range !== null) {
    const first = Number(range[1]);
    const last = Number(range[2]);
    if (last < first || last - first > 1024) return [first];
    return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
  }
  const single = Number(published);
  return Number.isInteger(single) && single > 0 ? [single] : [];
};

export const publishedHostPorts = (project: Project): PublishedHostPort[] =>
  Object.values(project.services)
    .filter((service) => isServiceActive(service, project.profiles_enabled))
    .flatMap((service) =>
      service.ports.flatMap((port) => {
        if (port.published === undefined || port.protocol === 'sctp') return [];
        const hostIp = port.host_ip === undefined || port.host_ip === '' ? '0.0.0.0' : port.host_ip;
        return expandPublished(port.published).map((hostPort) => ({
          serviceName: service.name,
          hostIp,
          hostPort,
          protocol: port.protocol as 'tcp' | 'udp',
        }));
      }),
    );
