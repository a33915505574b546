// One service, production against effective: one rule per field of the model. The table
// is exhaustive over `Service`, so a new model field needs a parity decision to compile.
import type { Healthcheck, Service } from '../model.js';
import { compareList, compareMap, compareValue } from './compare-shapes.js';
import { describeValue, describeWords, isSecretName } from './describe-value.js';
import type { ParityCategory } from './parity-difference.js';
import {
  compareDev,
  compareDevelop,
  compareExpose,
  compareExtensions,
  comparePorts,
  compareVolumes,
} from './overlay-fields.js';
import { type FieldComparer, type ServiceComparison, servicePath } from './service-comparison.js';

const ignored: FieldComparer = () => undefined;

/** A whole-value field whose every difference is drift. */
const driftValue =
  <Field extends keyof Service>(
    field: Field,
    category: ParityCategory,
    options: { documentPath?: string[]; describe?: (value: unknown) => string; hint?: string } = {},
  ): FieldComparer =>
  (comparison, production, effective) =>
    compareValue(
      comparison.emit,
      comparison.serviceName,
      servicePath(comparison, ...(options.documentPath ?? [field])),
      production[field],
      effective[field],
      { category, label: field, ...options },
    );

const describeCommand = (value: unknown): string =>
  Array.isArray(value) ? describeWords(value as string[]) : describeValue(value);

/** A map field whose every entry difference is drift. */
const driftMap =
  <Field extends keyof Service>(field: Field, category: ParityCategory, hint?: string): FieldComparer =>
  (comparison, production, effective) =>
    compareMap(
      comparison.emit,
      comparison.serviceName,
      servicePath(comparison, field),
      production[field] as Record<string, unknown> | undefined,
      effective[field] as Record<string, unknown> | undefined,
      { category, label: (key) => `${field} ${key}`, ...(hint === undefined ? {} : { hint }) },
    );

/** A list field whose every added, removed or changed item is drift. */
const driftList =
  <Field extends keyof Service>(field: Field, category: ParityCategory): FieldComparer =>
  (comparison, production, effective) =>
    compareList<unknown>(
      comparison.emit,
      comparison.serviceName,
      servicePath(comparison, field),
      production[field] as unknown[] | undefined,
      effective[field] as unknown[] | undefined,
      {
        category,
        label: field,
        describe: describeValue,
        added: () => ({ class: 'drift' }),
        removed: () => ({ class: 'drift' }),
      },
    );

const compareHealthcheck: FieldComparer = (comparison, production, effective) => {
  const before = production.healthcheck;
  const after = effective.healthcheck;
  const active = (check: Healthcheck | undefined): boolean => check !== undefined && check.disable !== true;
  const at = servicePath(comparison, 'healthcheck');
  const base = { category: 'healthcheck' as const, service: comparison.serviceName, at };
  if (active(before) && !active(after)) {
    comparison.emit({
      ...base,
      class: 'drift',
      change: after === undefined ? 'removed' : 'changed',
      summary: `healthcheck missing (production: ${describeWords(before?.test ?? [])})`,
      production: before,
      ...(after === undefined ? {} : { effective: after }),
      hint: 'keep the production healthcheck so dependents wait for the same condition',
    });
    return;
  }
  if (before === undefined || after === undefined) {
    compareValue(comparison.emit, comparison.serviceName, at, before, after, {
      category: 'healthcheck',
      label: 'healthcheck',
    });
    return;
  }
  compareMap(
    comparison.emit,
    comparison.serviceName,
    at,
    { ...before },
    { ...after },
    {
      category: 'healthcheck',
      label: (key) => `healthcheck.${key}`,
    },
  );
};

const compareEnvironment: FieldComparer = (comparison, production, effective) =>
  compareMap(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison, 'environment'),
    production.environment,
    effective.environment,
    {
      category: 'environment',
      label: (key) => `environment ${key}`,
      isSecret: isSecretName,
      hint: 'development runs production with other settings; set the value in the production file or drop it from the overlay',
    },
  );

/** Keys devup does not apply still run in production: a difference there is drift. */
const compareUnapplied: FieldComparer = (comparison, production, effective) =>
  compareMap(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison),
    production.unapplied,
    effective.unapplied,
    {
      category: 'setting',
      label: (key) => key,
    },
  );

const fieldComparers: { [Field in keyof Service]-?: FieldComparer } = {
  name: ignored,
  image: driftValue('image', 'image', { hint: 'run the image and tag production runs' }),
  build: driftValue('build', 'build'),
  command: driftValue('command', 'command', { describe: describeCommand }),
  entrypoint: driftValue('entrypoint', 'entrypoint', { describe: describeCommand }),
  environment: compareEnvironment,
  ports: comparePorts,
  expose: compareExpose,
  volumes: compareVolumes,
  depends_on: driftMap('depends_on', 'dependency'),
  healthcheck: compareHealthcheck,
  restart: driftValue('restart', 'setting'),
  pull_policy: driftValue('pull_policy', 'setting'),
  profiles: driftValue('profiles', 'setting'),
  networks: driftMap('networks', 'network'),
  labels: driftMap('labels', 'label'),
  working_dir: driftValue('working_dir', 'setting'),
  user: driftValue('user', 'user', { hint: 'run as the user production runs as' }),
  stop_signal: driftValue('stop_signal', 'setting'),
  stop_grace_period: driftValue('stop_grace_period', 'setting'),
  init: driftValue('init', 'setting'),
  tty: driftValue('tty', 'setting'),
  stdin_open: driftValue('stdin_open', 'setting'),
  container_name: driftValue('container_name', 'setting'),
  hostname: driftValue('hostname', 'setting'),
  extra_hosts: driftList('extra_hosts', 'setting'),
  secrets: driftList('secrets', 'secret'),
  configs: driftList('configs', 'config'),
  develop: compareDevelop,
  replicas: driftValue('replicas', 'setting', { documentPath: ['deploy', 'replicas'] }),
  resources: driftValue('resources', 'resources', { documentPath: ['deploy', 'resources', 'limits'] }),
  extensions: compareExtensions,
  dev: compareDev,
  unapplied: compareUnapplied,
};

export const compareService = (comparison: ServiceComparison, production: Service, effective: Service): void => {
  for (const compareField of Object.values(fieldComparers)) compareField(comparison, production, effective);
};
