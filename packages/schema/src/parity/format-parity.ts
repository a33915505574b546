// Parity differences as text for people and as one JSON document for scripts.
import type { ParityDifference, ParityLocation } from './parity-difference.js';

export interface ParityReport {
  /** True when at least one difference is drift (`dev parity` then exits non-zero). */
  drift: boolean;
  counts: { drift: number; overlay: number };
  differences: ParityDifference[];
}

export const parityReport = (differences: readonly ParityDifference[]): ParityReport => {
  const driftCount = differences.filter((difference) => difference.class === 'drift').length;
  return {
    drift: driftCount > 0,
    counts: { drift: driftCount, overlay: differences.length - driftCount },
    differences: [...differences],
  };
};

const formatLocation = (location: ParityLocation | undefined): string =>
  location === undefined ? '-' : `${location.file}:${location.line}:${location.column}`;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export const formatParitySummary = (differences: readonly ParityDifference[]): string => {
  const { counts } = parityReport(differences);
  const overlays = plural(counts.overlay, 'allowed overlay');
  return counts.drift === 0 ? `no drift (${overlays})` : `${plural(counts.drift, 'drift')}, ${overlays}`;
};

/**
 * One line per difference, drift first, then a summary line:
 *
 *     dev.yaml:9:5  drift    web  image: app:1.0 -> app:dev
 *                   hint     run the image and tag production runs
 *     dev.yaml:12:9 overlay  web  port added: 127.0.0.1:8000->80/tcp
 *
 *     1 drift, 1 allowed overlay
 */
export const formatParity = (differences: readonly ParityDifference[]): string => {
  const ordered = [
    ...differences.filter((difference) => difference.class === 'drift'),
    ...differences.filter((difference) => difference.class === 'overlay'),
  ];
  const locations = ordered.map((difference) => formatLocation(difference.location));
  const subjects = ordered.map((difference) => difference.service ?? difference.path.split('.')[0] ?? '');
  const locationWidth = Math.max(0, ...locations.map((text) => text.length));
  const subjectWidth = Math.max(0, ...subjects.map((text) => text.length));
  const lines: string[] = [];
  ordered.forEach((difference, index) => {
    const location = (locations[index] ?? '').padEnd(locationWidth);
    const subject = (subjects[index] ?? '').padEnd(subjectWidth);
    lines.push(`${location}  ${difference.class.padEnd(7)}  ${subject}  ${difference.summary}`);
    if (difference.hint !== undefined)
      lines.push(`${' '.repeat(locationWidth)}  ${'hint'.padEnd(7)}  ${difference.hint}`);
  });
  if (lines.length > 0) lines.push('');
  lines.push(formatParitySummary(differences));
  return lines.join('\n');
};
