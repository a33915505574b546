// Phase 9, profiles and service selection: services whose profiles are not enabled are left
// out (a service without profiles is always in); services named on the command line are in
// whatever their profiles, with everything they depend on. The services left out are kept by
// name (`disabled_services`): still defined, so their containers are not orphans.
import type { ConfigIssue, Project, Service } from '../model.js';
import { issueAt } from '../issues.js';
import type { SourceMap } from '../source-map.js';
import { didYouMean } from '../suggest.js';

export interface SelectionInput {
  project: Project;
  sourceMap: SourceMap;
  profiles: string[];
  services: string[];
}

const isEnabled = (service: Service, profiles: string[]): boolean =>
  service.profiles.length === 0 ||
  profiles.includes('*') ||
  service.profiles.some((profile) => profiles.includes(profile));

export const selectServices = ({
  project,
  sourceMap,
  profiles,
  services,
}: SelectionInput): { project: Project; issues: ConfigIssue[] } => {
  const issues: ConfigIssue[] = [];
  const all = project.services;
  const names = Object.keys(all);
  for (const requested of services) {
    if (!(requested in all)) {
      const hint = didYouMean(requested, names);
      issues.push(
        issueAt(sourceMap.fileStart, 'services', {
          code: 'unknown-service',
          message: `no such service: "${requested}"`,
          ...(hint === undefined ? { hint: `services are: ${names.join(', ')}` } : { hint }),
        }),
      );
    }
  }
  const selected = new Set<string>();
  const visit = (name: string, explicit: boolean): void => {
    const service = all[name];
    if (service === undefined || selected.has(name)) return;
    if (!explicit && !isEnabled(service, profiles)) return;
    selected.add(name);
    for (const dependency of Object.keys(service.depends_on)) visit(dependency, services.length > 0);
  };
  if (services.length > 0) for (const name of services) visit(name, true);
  else for (const name of names) if (isEnabled(all[name] as Service, profiles)) visit(name, false);

  const kept: Record<string, Service> = {};
  for (const name of names) {
    const service = all[name] as Service;
    if (!selected.has(name)) continue;
    const dependsOn = { ...service.depends_on };
    for (const [dependency, definition] of Object.entries(service.depends_on)) {
      if (selected.has(dependency) || !(dependency in all)) continue;
      if (!definition.required) {
        delete dependsOn[dependency];
        continue;
      }
      const missingProfiles = (all[dependency] as Service).profiles;
      const path = ['services', name, 'depends_on', dependency];
      issues.push(
        issueAt(sourceMap.locateKey(path), path, {
          code: 'dependency-disabled',
          message: `service "${name}" depends on "${dependency}", which is not enabled`,
          hint: `enable one of its profiles (${missingProfiles.join(', ')}) with --profile, or mark the dependency "required: false"`,
        }),
      );
    }
    kept[name] = { ...service, depends_on: dependsOn };
  }
  const disabled = names.filter((name) => !selected.has(name));
  return {
    project: {
      ...project,
      services: kept,
      profiles_enabled: profiles,
      ...(disabled.length > 0 ? { disabled_services: disabled } : {}),
    },
    issues,
  };
};

/** Every service the files define: those of this load and those left out. */
export const definedServices = (project: Project): string[] => [
  ...Object.keys(project.services),
  ...(project.disabled_services ?? []),
];
