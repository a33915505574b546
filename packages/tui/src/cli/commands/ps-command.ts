// dev ps [--json | --format table|json] [-a] [SERVICE...]: the project's services with
// state, health, ports, restarts and why they wait or failed.

import type { ServiceStatus } from '@devup/daemon/protocol';
import { EXIT, UsageError, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { resolveProjectName } from '../project-name.js';
import { projectRefOf } from '../project-ref.js';

const noteOf = (service: ServiceStatus): string => {
  const notes: string[] = [];
  if (service.waitingOn !== undefined) notes.push(service.waitingOn);
  if (service.problem !== undefined) notes.push(service.problem);
  if (service.exitCode !== undefined) notes.push(`exit ${service.exitCode}`);
  if (service.oomKilled === true) notes.push('out of memory');
  if (service.recreatedBecause !== undefined) notes.push(`recreated: ${service.recreatedBecause}`);
  return notes.join('; ');
};

export const formatServiceTable = (services: readonly ServiceStatus[]): string => {
  const rows = [
    ['SERVICE', 'STATE', 'PORTS', 'RESTARTS', 'NOTE'],
    ...services.map((service) => [
      service.serviceName,
      service.state,
      service.ports
        .map((port) => port.url ?? `${port.hostIp}:${port.hostPort}->${port.containerPort}/${port.protocol}`)
        .join(', '),
      String(service.restarts),
      noteOf(service),
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

export const psCommand: Command = async ({ globals, args, io }) => {
  const { values, positionals } = parseCommandArgs('ps', args, {
    json: { type: 'boolean' },
    format: { type: 'string' },
    all: { type: 'boolean', short: 'a' },
  });
  // Compose's table and json; its Go templates are not supported. -a (stopped containers
  // too) is what dev ps always shows: its rows are services, stopped ones included.
  const format = values.json === true ? 'json' : (values.format ?? 'table');
  if (format !== 'table' && format !== 'json')
    throw new UsageError(`dev ps: --format must be table or json (templates are not supported), got "${format}"`);
  const { client } = await connectDaemon(io);
  const projectName = await resolveProjectName(projectRefOf(globals, io), client);
  let services: ServiceStatus[] = [];
  try {
    services = (await client.projectStatus(projectName)).services;
  } catch (error) {
    if (!(error instanceof Error && (error as { code?: string }).code === 'DEV_ERR_NOT_FOUND')) throw error;
  }
  if (positionals.length > 0) services = services.filter((service) => positionals.includes(service.serviceName));
  if (format === 'json') {
    writeLine(io.stdout, JSON.stringify(services, null, 2));
    return EXIT.ok;
  }
  writeLine(io.stdout, formatServiceTable(services));
  return EXIT.ok;
};
