// The result of comparing the production definition with what devup runs: a flat list of
// differences, each classed as an allowed dev overlay or as drift.

/** `overlay`: allowed in development (watch rule, source bind mount, loopback port, x-dev). `drift`: anything else. */
export type ParityClass = 'overlay' | 'drift';

export type ParityChange = 'added' | 'removed' | 'changed';

export type ParityCategory =
  | 'service'
  | 'image'
  | 'build'
  | 'command'
  | 'entrypoint'
  | 'environment'
  | 'healthcheck'
  | 'user'
  | 'port'
  | 'volume'
  | 'watch'
  | 'x-dev'
  | 'extension'
  | 'dependency'
  | 'network'
  | 'secret'
  | 'config'
  | 'label'
  | 'resources'
  | 'setting';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ParityLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * Where a node of the effective (merged) configuration was written. `path` is a document
 * path such as `['services', 'web', 'ports', 1]` or `['services', 'web', 'x-dev', 'reload']`;
 * list items carry their index in the effective list. The loader answers from the merged
 * source map, in which the overlay's entries win, so the answer points at the overlay line
 * that caused the difference. Undefined when unknown.
 */
export type ParityLocate = (path: readonly (string | number)[]) => ParityLocation | undefined;

export interface ParitySources {
  /** Locations in the effective configuration (production files plus overlays). */
  locate?: ParityLocate;
  /** Locations in the production files alone; used for what the overlay removed. */
  locateProduction?: ParityLocate;
}

export interface ParityDifference {
  class: ParityClass;
  category: ParityCategory;
  change: ParityChange;
  /** The service concerned; absent for top-level networks, volumes, secrets and configs. */
  service?: string;
  /** Dotted path in the project, e.g. `services.web.environment.DEBUG`. */
  path: string;
  /** One line for people: `image django-stack-app:1.0 -> django-stack-app:1.1`. */
  summary: string;
  /** The production value (secrets masked), absent when added. */
  production?: JsonValue;
  /** The effective value (secrets masked), absent when removed. */
  effective?: JsonValue;
  /** The overlay that causes the difference, when known. */
  location?: ParityLocation;
  /** What to do about a drift, where there is something to say. */
  hint?: string;
}
