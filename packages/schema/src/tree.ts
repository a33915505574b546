// The untyped document tree every loader phase reads and returns: what YAML parses to.

export type Scalar = string | number | boolean | null;
export type Tree = Scalar | Tree[] | TreeMap;
export interface TreeMap {
  [key: string]: Tree;
}
export type PathSegment = string | number;
export type TreePath = readonly PathSegment[];

export const isMap = (value: unknown): value is TreeMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isList = (value: unknown): value is Tree[] => Array.isArray(value);

/** A collision-free key for a path (document keys may contain dots). */
export const pathKey = (path: TreePath): string => path.join('\u0000');

/** The dotted form people read: `services.web.ports.0`. */
export const formatPath = (path: TreePath): string => path.map(String).join('.');

/** Does `path` match a pattern such as `services.*.ports` (`*` = any one segment)? */
export const matchesPattern = (path: TreePath, pattern: readonly string[]): boolean =>
  path.length === pattern.length && pattern.every((part, index) => part === '*' || part === String(path[index]));

export const splitPattern = (pattern: string): string[] => pattern.split('.');

export const cloneTree = <T extends Tree>(value: T): T => structuredClone(value);

export const getAt = (root: Tree, path: TreePath): Tree | undefined => {
  let current: Tree | undefined = root;
  for (const segment of path) {
    if (isMap(current)) current = current[String(segment)];
    else if (isList(current) && typeof segment === 'number') current = current[segment];
    else return undefined;
  }
  return current;
};
