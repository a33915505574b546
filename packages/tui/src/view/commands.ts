// Which daemon command a key means for the selected service.

import { statusTone } from './service-rows.js';
import type { ViewState } from './view-state.js';

export type ServiceVerb = 'restart' | 'rebuild' | 'stop' | 'start';
export type CommandKey = 'restart' | 'rebuild' | 'stop-start';

export interface ServiceCommand {
  verb: ServiceVerb;
  serviceName: string;
}

/** The command for the selected service; `stop-start` stops a live service and starts a stopped one. */
export function selectCommand(state: ViewState, key: CommandKey): ServiceCommand | undefined {
  const service = state.services.find((candidate) => candidate.serviceName === state.selectedService);
  if (service === undefined) return undefined;
  if (key !== 'stop-start') return { verb: key, serviceName: service.serviceName };
  const tone = statusTone(service);
  const stopped = tone === 'stopped' || tone === 'completed' || service.state === 'exited';
  return { verb: stopped ? 'start' : 'stop', serviceName: service.serviceName };
}

const presentParticiple: Record<ServiceVerb, string> = {
  restart: 'restarting',
  rebuild: 'rebuilding',
  stop: 'stopping',
  start: 'starting',
};

export function describeCommand(command: ServiceCommand, outcome: 'running' | 'done' | 'failed'): string {
  const { verb, serviceName } = command;
  if (outcome === 'running') return `${presentParticiple[verb]} ${serviceName}…`;
  if (outcome === 'done') return `${verb} ${serviceName}: done`;
  return `${verb} ${serviceName} failed`;
}
