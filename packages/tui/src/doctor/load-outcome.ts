// The loader as the doctor uses it: the same options and result shape as @devup/schema's
// loadProject, passed in by the caller so the checks can run against a fake.
import { type ConfigIssue, type Project, formatIssues } from '@devup/schema';

export interface LoadInput {
  cwd: string;
  env: Record<string, string>;
  files?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles?: string[];
  profiles?: string[];
}

export type LoadOutcome =
  | { ok: true; project: Project; warnings?: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[]; warnings?: ConfigIssue[] };

export type LoadProjectFn = (input: LoadInput) => LoadOutcome | Promise<LoadOutcome>;

/** `process.env`-like records without the undefined values the loader does not take. */
export const definedEnv = (env: Readonly<Record<string, string | undefined>>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));

/** One issue the way `dev config` prints it: `file:line:col  error  path: message`, then a hint line. */
export const formatIssue = (issue: ConfigIssue): string => formatIssues([issue]).trimEnd();
