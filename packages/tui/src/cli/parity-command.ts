// dev parity [--json]: the production definition (the files dev.yaml names under
// x-dev.production, loaded alone) against the project devup runs (those files with the dev
// overlay merged on top). Every difference is an allowed overlay or drift; exit 1 on drift.
// Loads locally, like `dev config`; the daemon is not involved.

import { isAbsolute, relative } from 'node:path';
import type { ParityDifference, ParityLocate } from '@devup/schema';
import { CliError, EXIT, UsageError, writeLine } from './cli-io.js';
import type { Command } from './command.js';
import { parseCommandArgs } from './parse-command-args.js';
import { loadOptionsOf, projectRefOf } from './project-ref.js';
import { renderConfigIssues } from './render-failure.js';

/** The loader's locations, when its result carries them (`locate(path)` over the merged source map). */
const locateOf = (result: object): ParityLocate | undefined =>
  'locate' in result && typeof result.locate === 'function' ? (result.locate as ParityLocate) : undefined;

/** Files inside the project folder are shown relative to it, as config issues are. */
const relativeLocations = (differences: ParityDifference[], workingDir: string): ParityDifference[] =>
  differences.map((difference) => {
    if (difference.location === undefined || !isAbsolute(difference.location.file)) return difference;
    const inside = relative(workingDir, difference.location.file);
    if (inside.startsWith('..') || isAbsolute(inside)) return difference;
    return { ...difference, location: { ...difference.location, file: inside } };
  });

export const parityCommand: Command = async ({ globals, args, io }) => {
  const { values, positionals } = parseCommandArgs('parity', args, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`dev parity takes no arguments, got "${positionals.join(' ')}"`);
  const schema = await import('@devup/schema');
  const ref = projectRefOf(globals, io);

  const effective = await schema.loadProject(loadOptionsOf(ref));
  if (!effective.ok) {
    await renderConfigIssues(effective.issues, io);
    return EXIT.failure;
  }
  const productionFiles = effective.project.dev.production;
  if (productionFiles.length === 0) {
    throw new CliError(
      'no production files to compare with: name them in dev.yaml under x-dev.production, e.g. "x-dev: { production: [compose.yaml] }"',
      EXIT.failure,
    );
  }
  // The same project name, folder, environment and profiles: only the overlay differs.
  const production = await schema.loadProject({
    ...loadOptionsOf(ref),
    files: productionFiles,
    projectName: effective.project.name,
    projectDirectory: effective.project.working_dir,
  });
  if (!production.ok) {
    await renderConfigIssues(production.issues, io);
    return EXIT.failure;
  }

  const locate = locateOf(effective);
  const locateProduction = locateOf(production);
  const differences = relativeLocations(
    schema.compareParity(production.project, effective.project, {
      ...(locate === undefined ? {} : { locate }),
      ...(locateProduction === undefined ? {} : { locateProduction }),
    }),
    effective.project.working_dir,
  );
  if (values.json === true) writeLine(io.stdout, JSON.stringify(schema.parityReport(differences), null, 2));
  else writeLine(io.stdout, schema.formatParity(differences));
  return schema.hasDrift(differences) ? EXIT.failure : EXIT.ok;
};
