// dev doctor [--json]: checks this machine and the project for what would stop `dev up`,
// each problem with a fix. Exit code 1 when any check fails.

import { loadProject } from '@devup/schema';
import { createDoctorProbes, formatReport, formatReportJson, hasFailures, runDoctor } from '../doctor/index.js';
import { EXIT, UsageError, colorEnabled } from './cli-io.js';
import type { Command } from './command.js';
import { parseCommandArgs } from './parse-command-args.js';
import { projectRefOf } from './project-ref.js';

export const doctorCommand: Command = async ({ globals, args, io }) => {
  const { values, positionals } = parseCommandArgs('doctor', args, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`dev doctor takes no arguments, got "${positionals.join(' ')}"`);
  const ref = projectRefOf(globals, io);
  const report = await runDoctor(
    {
      cwd: ref.cwd,
      env: io.env,
      files: ref.files,
      envFiles: ref.envFiles,
      profiles: ref.profiles,
      ...(ref.projectName === undefined ? {} : { projectName: ref.projectName }),
      ...(ref.projectDirectory === undefined ? {} : { projectDirectory: ref.projectDirectory }),
    },
    createDoctorProbes(io.env, { loadProject }),
  );
  io.stdout.write(
    values.json === true
      ? formatReportJson(report)
      : formatReport(report, { color: colorEnabled(io.stdout, io.env), unicode: io.env['TERM'] !== 'dumb' }),
  );
  return hasFailures(report.checks) ? EXIT.failure : EXIT.ok;
};
