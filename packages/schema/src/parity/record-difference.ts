// Building one ParityDifference: the dotted path, the JSON values and the location.
import { toJson } from './describe-value.js';
import type {
  ParityCategory,
  ParityChange,
  ParityClass,
  ParityDifference,
  ParityLocation,
  ParitySources,
} from './parity-difference.js';

export type DocumentPath = readonly (string | number)[];

export interface DifferenceInput {
  class: ParityClass;
  category: ParityCategory;
  change: ParityChange;
  service?: string;
  /** Document path of the changed node (list items with their index in their own list). */
  at: DocumentPath;
  summary: string;
  production?: unknown;
  effective?: unknown;
  hint?: string;
}

const dotted = (path: DocumentPath): string =>
  path
    .filter((segment) => typeof segment === 'string')
    .map(String)
    .join('.');

/**
 * What was added or changed is located in the effective configuration at its own path.
 * What was removed no longer exists there: its parent's place in the effective
 * configuration (where an overlay resets it) is tried first, then the production file.
 */
const locateDifference = (input: DifferenceInput, sources: ParitySources): ParityLocation | undefined => {
  if (input.change !== 'removed') return sources.locate?.(input.at);
  return sources.locate?.(input.at.slice(0, -1)) ?? sources.locateProduction?.(input.at);
};

export const makeDifference = (input: DifferenceInput, sources: ParitySources): ParityDifference => {
  const location = locateDifference(input, sources);
  return {
    class: input.class,
    category: input.category,
    change: input.change,
    ...(input.service === undefined ? {} : { service: input.service }),
    path: dotted(input.at),
    summary: input.summary,
    ...(input.change === 'added' ? {} : { production: toJson(input.production) }),
    ...(input.change === 'removed' ? {} : { effective: toJson(input.effective) }),
    ...(location === undefined
      ? {}
      : { location: { file: location.file, line: location.line, column: location.column } }),
    ...(input.hint === undefined ? {} : { hint: input.hint }),
  };
};
