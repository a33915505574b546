export { compareParity, hasDrift } from './compare-parity.js';
export { formatParity, formatParitySummary, parityReport } from './format-parity.js';
export type { ParityReport } from './format-parity.js';
export type {
  JsonValue,
  ParityCategory,
  ParityChange,
  ParityClass,
  ParityDifference,
  ParityLocate,
  ParityLocation,
  ParitySources,
} from './parity-difference.js';
