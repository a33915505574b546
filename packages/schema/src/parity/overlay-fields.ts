// The fields where development may add to production: published ports, mounts, watch
// rules, x-dev recipes and x- extensions. What counts as an allowed overlay is decided here.
import type { Port, ReloadRecipe, ServiceVolume, WatchRule } from '../model.js';
import { compareList, compareMap } from './compare-shapes.js';
import { describePort, describeReload, describeVolume, describeWatchRule } from './describe-value.js';
import { type FieldComparer, servicePath } from './service-comparison.js';

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

export const comparePorts: FieldComparer = (comparison, production, effective) =>
  compareList<Port>(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison, 'ports'),
    production.ports,
    effective.ports,
    {
      category: 'port',
      label: 'port',
      describe: describePort,
      added: (port) =>
        port.published === undefined || (port.host_ip !== undefined && loopbackHosts.has(port.host_ip))
          ? { class: 'overlay' }
          : {
              class: 'drift',
              hint: `publish development ports on loopback only: "127.0.0.1:${port.published}:${port.target}"`,
            },
      removed: () => ({ class: 'drift', hint: 'production publishes this port; keep it in development' }),
    },
  );

export const compareExpose: FieldComparer = (comparison, production, effective) =>
  compareList<string>(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison, 'expose'),
    production.expose,
    effective.expose,
    {
      category: 'port',
      label: 'exposed port',
      describe: (port) => port,
      added: () => ({ class: 'overlay' }),
      removed: () => ({ class: 'drift' }),
    },
  );

export const compareVolumes: FieldComparer = (comparison, production, effective) =>
  compareList<ServiceVolume>(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison, 'volumes'),
    production.volumes,
    effective.volumes,
    {
      category: 'volume',
      label: 'mount',
      describe: (volume) => describeVolume(volume, comparison.workingDir),
      keyOf: (volume) => volume.target,
      added: (volume) =>
        volume.type === 'bind'
          ? { class: 'overlay' }
          : { class: 'drift', hint: 'only source bind mounts are development overlays' },
      removed: () => ({ class: 'drift', hint: 'production mounts this; keep the mount in development' }),
      changed: (before) => ({
        class: 'drift',
        hint: `this replaces what production mounts at ${before.target}`,
      }),
    },
  );

export const compareDevelop: FieldComparer = (comparison, production, effective) =>
  compareList<WatchRule>(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison, 'develop', 'watch'),
    production.develop?.watch,
    effective.develop?.watch,
    {
      category: 'watch',
      label: 'watch rule',
      describe: (rule) => describeWatchRule(rule, comparison.workingDir),
      added: () => ({ class: 'overlay' }),
      removed: () => ({ class: 'overlay' }),
      changed: () => ({ class: 'overlay' }),
    },
  );

export const compareDev: FieldComparer = (comparison, production, effective) => {
  const overlay = () => ({ class: 'overlay' as const });
  compareList<ReloadRecipe>(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison, 'x-dev', 'reload'),
    production.dev.reload,
    effective.dev.reload,
    {
      category: 'x-dev',
      label: 'reload recipe',
      describe: (recipe) => describeReload(recipe, comparison.workingDir),
      added: overlay,
      removed: overlay,
    },
  );
  compareList<string>(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison, 'x-dev', 'restart_on'),
    production.dev.restart_on,
    effective.dev.restart_on,
    { category: 'x-dev', label: 'restart on', describe: (folder) => folder, added: overlay, removed: overlay },
  );
};

export const compareExtensions: FieldComparer = (comparison, production, effective) =>
  compareMap(
    comparison.emit,
    comparison.serviceName,
    servicePath(comparison),
    production.extensions,
    effective.extensions,
    {
      category: 'extension',
      label: (key) => key,
      class: 'overlay',
    },
  );
