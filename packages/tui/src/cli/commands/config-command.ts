// dev config: loads the project locally (no daemon) and prints it normalized, like
// `docker compose config`. --schema prints the JSON Schema for editors. Secret values are
// masked unless --show-secrets is given.

import { EXIT, UsageError, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { loadOptionsOf, projectRefOf } from '../project-ref.js';
import { renderConfigIssues } from '../render-failure.js';

export const configCommand: Command = async ({ globals, args, io }) => {
  const { values, positionals } = parseCommandArgs('config', args, {
    format: { type: 'string' },
    schema: { type: 'boolean' },
    services: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    'show-secrets': { type: 'boolean' },
  });
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json, got "${format}"`);
  const schema = await import('@devup/schema');
  if (values.schema === true) {
    writeLine(io.stdout, JSON.stringify(schema.projectJsonSchema(), null, 2));
    return EXIT.ok;
  }
  const result = await schema.loadProject(loadOptionsOf(projectRefOf(globals, io), positionals));
  if (result.warnings.length > 0 && values.quiet !== true) await renderConfigIssues(result.warnings, io);
  if (!result.ok) {
    await renderConfigIssues(result.issues, io);
    return EXIT.failure;
  }
  if (values.quiet === true) return EXIT.ok;
  if (values.services === true) {
    for (const serviceName of Object.keys(result.project.services)) writeLine(io.stdout, serviceName);
    return EXIT.ok;
  }
  const maskSecrets = values['show-secrets'] !== true;
  io.stdout.write(schema.serializeProject(result.project, format, { maskSecrets }).replace(/\n?$/, '\n'));
  return EXIT.ok;
};
