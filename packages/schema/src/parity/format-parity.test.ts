import { describe, expect, test } from 'vitest';
import { formatParity, formatParitySummary, parityReport } from './format-parity.js';
import type { ParityDifference } from './parity-difference.js';

const portOverlay: ParityDifference = {
  class: 'overlay',
  category: 'port',
  change: 'added',
  service: 'web',
  path: 'services.web.ports',
  summary: 'port added: 127.0.0.1:8000->80/tcp',
  effective: { mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8000', protocol: 'tcp' },
  location: { file: 'dev.yaml', line: 11, column: 9 },
};

const watchOverlay: ParityDifference = {
  class: 'overlay',
  category: 'watch',
  change: 'added',
  service: 'worker',
  path: 'services.worker.develop.watch',
  summary: 'watch rule added: sync+restart ./app/src -> /app',
  location: { file: 'dev.yaml', line: 33, column: 11 },
};

const imageDrift: ParityDifference = {
  class: 'drift',
  category: 'image',
  change: 'changed',
  service: 'web',
  path: 'services.web.image',
  summary: 'image: app:1.0 -> app:1.1',
  production: 'app:1.0',
  effective: 'app:1.1',
  location: { file: 'compose.override.yaml', line: 4, column: 12 },
  hint: 'run the image and tag production runs',
};

const volumeDrift: ParityDifference = {
  class: 'drift',
  category: 'volume',
  change: 'added',
  path: 'volumes.data.driver',
  summary: 'volume data.driver added: tmpfs',
  effective: 'tmpfs',
};

describe('formatParity', () => {
  test('drift first with hints, then overlays, then the counts', () => {
    expect(formatParity([portOverlay, imageDrift, watchOverlay, volumeDrift])).toMatchInlineSnapshot(`
      "compose.override.yaml:4:12  drift    web      image: app:1.0 -> app:1.1
                                  hint     run the image and tag production runs
      -                           drift    volumes  volume data.driver added: tmpfs
      dev.yaml:11:9               overlay  web      port added: 127.0.0.1:8000->80/tcp
      dev.yaml:33:11              overlay  worker   watch rule added: sync+restart ./app/src -> /app

      2 drifts, 2 allowed overlays"
    `);
  });

  test('no difference at all', () => {
    expect(formatParity([])).toBe('no drift (0 allowed overlays)');
  });

  test.each([
    { differences: [portOverlay], summary: 'no drift (1 allowed overlay)' },
    { differences: [portOverlay, watchOverlay], summary: 'no drift (2 allowed overlays)' },
    { differences: [imageDrift], summary: '1 drift, 0 allowed overlays' },
    { differences: [imageDrift, volumeDrift, portOverlay], summary: '2 drifts, 1 allowed overlay' },
  ])('summary: $summary', ({ differences, summary }) => {
    expect(formatParitySummary(differences)).toBe(summary);
  });
});

describe('parityReport', () => {
  test('counts both classes and says whether there is drift', () => {
    const report = parityReport([portOverlay, imageDrift]);
    expect({ drift: report.drift, counts: report.counts }).toEqual({ drift: true, counts: { drift: 1, overlay: 1 } });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test('overlays alone are not drift', () => {
    expect(parityReport([portOverlay, watchOverlay]).drift).toBe(false);
  });
});
