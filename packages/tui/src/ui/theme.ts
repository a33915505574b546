// Colours by meaning. Components ask for `theme.status.failed`, never for "red".
// With NO_COLOR set (to anything but the empty string) every colour is undefined, so the
// screen keeps only its text and plain attributes (bold, inverse).

import type { StatusTone } from '../view/service-rows.js';

export type ColorName = string | undefined;

export interface Theme {
  colorEnabled: boolean;
  status: Record<StatusTone, ColorName>;
  connection: { connected: ColorName; connecting: ColorName; disconnected: ColorName };
  text: {
    title: ColorName;
    heading: ColorName;
    muted: ColorName;
    warning: ColorName;
    error: ColorName;
    info: ColorName;
  };
  log: { devup: ColorName; skipped: ColorName; gap: ColorName };
  search: { matchBackground: ColorName; matchForeground: ColorName };
  /** A colour per service, the same for a name in every session. */
  serviceColor(serviceName: string | undefined): ColorName;
}

const servicePalette = [
  'cyan',
  'magenta',
  'blue',
  'yellow',
  'greenBright',
  'cyanBright',
  'magentaBright',
  'blueBright',
];

const colored: Omit<Theme, 'serviceColor' | 'colorEnabled'> = {
  status: {
    healthy: 'green',
    running: 'green',
    completed: 'gray',
    starting: 'yellow',
    waiting: 'yellow',
    failed: 'red',
    stopped: 'gray',
  },
  connection: { connected: 'green', connecting: 'yellow', disconnected: 'red' },
  text: { title: 'cyan', heading: 'gray', muted: 'gray', warning: 'yellow', error: 'red', info: 'cyan' },
  log: { devup: 'gray', skipped: 'yellow', gap: 'gray' },
  search: { matchBackground: 'yellow', matchForeground: 'black' },
};

/** FNV-1a: a stable index for a name. */
export function serviceColorIndex(serviceName: string, paletteSize = servicePalette.length): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < serviceName.length; index += 1) {
    hash ^= serviceName.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % paletteSize;
}

export function colorDisabled(env: Record<string, string | undefined>): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export function createTheme(env: Record<string, string | undefined> = process.env): Theme {
  if (colorDisabled(env)) {
    const none = <T extends object>(shape: T): Record<keyof T, undefined> =>
      Object.fromEntries(Object.keys(shape).map((key) => [key, undefined])) as Record<keyof T, undefined>;
    return {
      colorEnabled: false,
      status: none(colored.status),
      connection: none(colored.connection),
      text: none(colored.text),
      log: none(colored.log),
      search: none(colored.search),
      serviceColor: () => undefined,
    };
  }
  return {
    colorEnabled: true,
    ...colored,
    serviceColor: (serviceName) =>
      serviceName === undefined ? colored.log.devup : servicePalette[serviceColorIndex(serviceName)],
  };
}
