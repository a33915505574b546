// Comparing the three shapes a model field can have: one value, a map of entries, a list
// of items. Each comparer reports through `emit`; classification is the caller's.
import { describeValue, identityOf, isSameValue, isSecretName, maskedValue } from './describe-value.js';
import type { ParityCategory, ParityClass } from './parity-difference.js';
import { redactSecrets } from '../secret-values.js';
import type { DifferenceInput, DocumentPath } from './record-difference.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const unionKeys = (left: Record<string, unknown>, right: Record<string, unknown>): string[] => [
  ...new Set([...Object.keys(left), ...Object.keys(right)]),
];

export type Emit = (input: DifferenceInput) => void;

interface Verdict {
  class: ParityClass;
  hint?: string;
}

const drift = (hint?: string): Verdict => (hint === undefined ? { class: 'drift' } : { class: 'drift', hint });

export interface ValueRule {
  category: ParityCategory;
  /** The words before the values in a summary: `image`, `command`. */
  label: string;
  class?: ParityClass;
  hint?: string;
  describe?: (value: unknown) => string;
  /** Compared, but never printed: summaries and JSON carry a mask. */
  secret?: boolean;
}

export const compareValue = (
  emit: Emit,
  service: string | undefined,
  at: DocumentPath,
  production: unknown,
  effective: unknown,
  rule: ValueRule,
): void => {
  if (isSameValue(production, effective)) return;
  if (rule.secret !== true && isPlainObject(production) && isPlainObject(effective)) {
    // Two objects: name the members that differ, not the whole objects.
    for (const key of unionKeys(production, effective)) {
      compareValue(emit, service, [...at, key], production[key], effective[key], {
        ...rule,
        label: `${rule.label}.${key}`,
        secret: isSecretName(key) && (typeof production[key] === 'string' || typeof effective[key] === 'string'),
      });
    }
    return;
  }
  const secret = rule.secret === true;
  // Values that are not secret themselves may still hold one (a build arg, a URL password).
  const shown = (value: unknown): unknown => (secret && value !== undefined ? maskedValue : redactSecrets(value));
  const describeShown = rule.describe ?? describeValue;
  const describe = secret
    ? (): string => `${maskedValue} (hidden)`
    : (value: unknown): string => describeShown(redactSecrets(value));
  const verdict = rule.class === undefined ? drift(rule.hint) : { class: rule.class, hint: rule.hint };
  const base = { ...verdict, category: rule.category, at, ...(service === undefined ? {} : { service }) };
  if (production === undefined) {
    emit({
      ...base,
      change: 'added',
      summary: `${rule.label} added: ${describe(effective)}`,
      effective: shown(effective),
    });
  } else if (effective === undefined) {
    const summary = `${rule.label} removed (production: ${describe(production)})`;
    emit({ ...base, change: 'removed', summary, production: shown(production) });
  } else {
    const summary = `${rule.label}: ${describe(production)} -> ${describe(effective)}`;
    emit({ ...base, change: 'changed', summary, production: shown(production), effective: shown(effective) });
  }
};

export interface MapRule {
  category: ParityCategory;
  /** Summary words for one entry: `environment DEBUG`. */
  label: (key: string) => string;
  class?: ParityClass;
  hint?: string;
  /** Entries whose values must not be printed. */
  isSecret?: (key: string) => boolean;
}

export const compareMap = (
  emit: Emit,
  service: string | undefined,
  at: DocumentPath,
  production: Readonly<Record<string, unknown>> | undefined,
  effective: Readonly<Record<string, unknown>> | undefined,
  rule: MapRule,
): void => {
  const productionEntries = production ?? {};
  const effectiveEntries = effective ?? {};
  for (const key of unionKeys(productionEntries, effectiveEntries)) {
    const inProduction = Object.hasOwn(productionEntries, key);
    const inEffective = Object.hasOwn(effectiveEntries, key);
    compareValue(
      emit,
      service,
      [...at, key],
      inProduction ? productionEntries[key] : undefined,
      inEffective ? effectiveEntries[key] : undefined,
      {
        category: rule.category,
        label: rule.label(key),
        ...(rule.class === undefined ? {} : { class: rule.class }),
        ...(rule.hint === undefined ? {} : { hint: rule.hint }),
        ...(rule.isSecret?.(key) === true ? { secret: true } : {}),
      },
    );
  }
};

export interface ListRule<Item> {
  category: ParityCategory;
  /** Summary words for one item: `port`, `watch rule`. */
  label: string;
  describe: (item: Item) => string;
  /** Items with the same key are the same item, compared for changes. Default: the whole value. */
  keyOf?: (item: Item) => string;
  added: (item: Item) => Verdict;
  removed: (item: Item) => Verdict;
  changed?: (production: Item, effective: Item) => Verdict;
}

export const compareList = <Item>(
  emit: Emit,
  service: string | undefined,
  at: DocumentPath,
  production: readonly Item[] | undefined,
  effective: readonly Item[] | undefined,
  rule: ListRule<Item>,
): void => {
  const keyOf = rule.keyOf ?? identityOf;
  const productionItems = production ?? [];
  const effectiveItems = effective ?? [];
  const productionByKey = new Map(productionItems.map((item, index) => [keyOf(item), { item, index }]));
  const effectiveKeys = new Set(effectiveItems.map(keyOf));
  const withService = service === undefined ? {} : { service };
  effectiveItems.forEach((item, index) => {
    const before = productionByKey.get(keyOf(item));
    const base = { category: rule.category, at: [...at, index], ...withService };
    if (before === undefined) {
      emit({
        ...base,
        ...rule.added(item),
        change: 'added',
        summary: `${rule.label} added: ${rule.describe(item)}`,
        effective: item,
      });
    } else if (!isSameValue(before.item, item)) {
      const verdict = rule.changed?.(before.item, item) ?? drift();
      const summary = `${rule.label}: ${rule.describe(before.item)} -> ${rule.describe(item)}`;
      emit({ ...base, ...verdict, change: 'changed', summary, production: before.item, effective: item });
    }
  });
  productionItems.forEach((item, index) => {
    if (effectiveKeys.has(keyOf(item))) return;
    emit({
      category: rule.category,
      at: [...at, index],
      ...withService,
      ...rule.removed(item),
      change: 'removed',
      summary: `${rule.label} removed: ${rule.describe(item)}`,
      production: item,
    });
  });
};
