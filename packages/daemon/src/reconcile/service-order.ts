// Dependency order of services: which services an `up SERVICE...` brings along, and the
// order to start (dependencies first) or stop (dependents first) them. Pure.

export class PlanError extends Error {
  override readonly name = 'PlanError';
}

type DependencyMap = Record<string, Record<string, { required: boolean }>>;

/** The named services plus everything they need, transitively. Unknown required dependencies are an error. */
export const selectWithDependencies = (dependencies: DependencyMap, requested: string[] | undefined): Set<string> => {
  const selected = new Set<string>();
  const unknown = (requested ?? []).filter((serviceName) => !(serviceName in dependencies));
  if (unknown.length > 0) throw new PlanError(`no such service: ${unknown.join(', ')}`);
  const visit = (serviceName: string): void => {
    if (selected.has(serviceName)) return;
    selected.add(serviceName);
    for (const [dependencyName, dependency] of Object.entries(dependencies[serviceName] ?? {})) {
      if (dependencyName in dependencies) visit(dependencyName);
      else if (dependency.required)
        throw new PlanError(`service "${serviceName}" depends on "${dependencyName}", which is not in the project`);
    }
  };
  for (const serviceName of requested && requested.length > 0 ? requested : Object.keys(dependencies))
    visit(serviceName);
  return selected;
};

/** Dependencies before dependents; ties by name. Cycles are the loader's to reject; here they are broken. */
export const dependencyOrder = (dependencies: Record<string, Iterable<string>>): string[] => {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (serviceName: string): void => {
    if (state.has(serviceName)) return;
    state.set(serviceName, 'visiting');
    for (const dependencyName of [...(dependencies[serviceName] ?? [])].sort())
      if (dependencyName in dependencies) visit(dependencyName);
    state.set(serviceName, 'done');
    order.push(serviceName);
  };
  for (const serviceName of Object.keys(dependencies).sort()) visit(serviceName);
  return order;
};
