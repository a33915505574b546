// The runner's plan, as text: accepts the shapes a plan result may take.

export const planTextOf = (result: unknown): string => {
  if (typeof result === 'string') return result;
  if (typeof result === 'object' && result !== null) {
    const record = result as Record<string, unknown>;
    if (typeof record['planText'] === 'string') return record['planText'];
    if (typeof record['text'] === 'string') return record['text'];
  }
  return '';
};

/** True only when the plan result says it has no step (a count or the steps themselves). */
export const planChangesNothing = (result: unknown): boolean => {
  if (typeof result !== 'object' || result === null) return false;
  const record = result as Record<string, unknown>;
  if (typeof record['stepCount'] === 'number') return record['stepCount'] === 0;
  return Array.isArray(record['steps']) && record['steps'].length === 0;
};
