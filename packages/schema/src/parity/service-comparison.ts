// What every field comparer of a service gets, and the document paths it reports at.
import type { Service } from '../model.js';
import type { Emit } from './compare-shapes.js';
import type { DocumentPath } from './record-difference.js';

export interface ServiceComparison {
  emit: Emit;
  serviceName: string;
  /** The effective project's folder, to print host paths relative to it. */
  workingDir: string;
}

export type FieldComparer = (comparison: ServiceComparison, production: Service, effective: Service) => void;

export const servicePath = (comparison: ServiceComparison, ...rest: (string | number)[]): DocumentPath => [
  'services',
  comparison.serviceName,
  ...rest,
];
