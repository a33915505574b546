// Production parity: every difference between the production definition and the project
// devup runs (production files plus the dev overlay), each classed as an allowed overlay
// or as drift. Pure: two projects (and optional locations) in, a list out.
import type { Project } from '../model.js';
import { compareMap } from './compare-shapes.js';
import { compareService } from './compare-service.js';
import type { Emit } from './compare-shapes.js';
import type { ParityCategory, ParityDifference, ParitySources } from './parity-difference.js';
import { makeDifference } from './record-difference.js';

type TopLevelSection = 'networks' | 'volumes' | 'secrets' | 'configs';

const topLevelCategories: Record<TopLevelSection, ParityCategory> = {
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
};

const singular: Record<TopLevelSection, string> = {
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
};

const compareServices = (emit: Emit, production: Project, effective: Project): void => {
  const names = [...new Set([...Object.keys(production.services), ...Object.keys(effective.services)])].sort();
  for (const serviceName of names) {
    const before = production.services[serviceName];
    const after = effective.services[serviceName];
    if (before !== undefined && after !== undefined) {
      compareService({ emit, serviceName, workingDir: effective.working_dir }, before, after);
    } else if (after !== undefined) {
      emit({
        class: 'drift',
        category: 'service',
        change: 'added',
        service: serviceName,
        at: ['services', serviceName],
        summary: `service added: ${serviceName} (production does not run it)`,
        effective: after.image ?? after.build?.context ?? serviceName,
        hint: 'put a development-only service under a profile in the production file, or accept it as drift',
      });
    } else if (before !== undefined) {
      emit({
        class: 'drift',
        category: 'service',
        change: 'removed',
        service: serviceName,
        at: ['services', serviceName],
        summary: `service removed: ${serviceName} (production runs it)`,
        production: before.image ?? before.build?.context ?? serviceName,
      });
    }
  }
};

/**
 * Compare `production` (the files under `x-dev.production`, loaded alone) with `effective`
 * (the same files with the dev overlay merged on top). Both must be loaded with the same
 * project name, environment and profiles. `sources.locate` points each difference at the
 * overlay line that causes it.
 */
export const compareParity = (
  production: Project,
  effective: Project,
  sources: ParitySources = {},
): ParityDifference[] => {
  const differences: ParityDifference[] = [];
  const emit: Emit = (input) => differences.push(makeDifference(input, sources));
  compareServices(emit, production, effective);
  for (const section of Object.keys(topLevelCategories) as TopLevelSection[]) {
    compareMap(emit, undefined, [section], production[section], effective[section], {
      category: topLevelCategories[section],
      label: (key) => `${singular[section]} ${key}`,
    });
  }
  return differences;
};

export const hasDrift = (differences: readonly ParityDifference[]): boolean =>
  differences.some((difference) => difference.class === 'drift');
