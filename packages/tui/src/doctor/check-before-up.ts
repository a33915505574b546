// What `dev up` asks before it contacts devd: load the project as the daemon will, then run
// the pre-flight checks. A configuration that does not load for other reasons than unset
// required variables passes here; the daemon reports those issues itself.
import { join } from 'node:path';
import { type LoadOptions, loadProject as loadWithSchema } from '@devup/schema';
import type { CheckResult } from './check-result.js';
import type { LoadOutcome } from './load-outcome.js';
import { runPreflight, type PreflightOptions } from './preflight.js';
import { checkRequiredVariables, missingFromLoaderIssues } from './variable-check.js';

export interface BeforeUpDeps {
  loadProject?: (options: LoadOptions) => Promise<LoadOutcome>;
  probes?: PreflightOptions['probes'];
}

export const checkBeforeUp = async (
  options: LoadOptions,
  env: Readonly<Record<string, string | undefined>>,
  deps: BeforeUpDeps = {},
): Promise<CheckResult[]> => {
  const outcome = await (deps.loadProject ?? loadWithSchema)(options).catch(() => undefined);
  if (outcome === undefined) return [];
  if (!outcome.ok) {
    const missing = missingFromLoaderIssues(outcome.issues);
    if (missing.length === 0) return [];
    const envFile = options.envFiles?.[0] ?? join(options.projectDirectory ?? options.cwd, '.env');
    return [checkRequiredVariables({ missing, envFile })];
  }
  return runPreflight(outcome.project, env, {
    ...(options.envFiles === undefined || options.envFiles.length === 0 ? {} : { envFiles: options.envFiles }),
    ...(deps.probes === undefined ? {} : { probes: deps.probes }),
  });
};
