// Folding stream messages into the view: services, config issues, and log lines with resume
// bookkeeping (the last log sequence number per project; anything at or below it is a duplicate).

import type { LogLine, ProjectStatus, ServerMessage, ServiceStatus } from '@devup/daemon/protocol';
import { appendLogEntries, prependLogEntries, toPrintable, type NewLogEntry } from './log-buffer.js';
import type { ViewState } from './view-state.js';

export function applyMessages(state: ViewState, messages: ServerMessage[]): ViewState {
  let next = state;
  const added: NewLogEntry[] = [];
  let lastLogSeq = state.lastLogSeq;
  const bumpSeq = (projectName: string, seq: number): void => {
    if (lastLogSeq === state.lastLogSeq) lastLogSeq = { ...lastLogSeq };
    lastLogSeq[projectName] = seq;
  };

  for (const message of messages) {
    switch (message.type) {
      case 'hello': {
        const restarted =
          message.instanceId !== undefined && next.instanceId !== undefined && message.instanceId !== next.instanceId;
        next = { ...next, daemonVersion: message.daemonVersion, synced: false };
        if (message.instanceId !== undefined) next = { ...next, instanceId: message.instanceId };
        if (restarted) {
          // A new daemon numbers its lines afresh: forget the old numbers and mark the seam.
          lastLogSeq = {};
          added.push({ kind: 'skipped', stream: 'devup', text: '… the daemon restarted; earlier lines are above' });
        }
        break;
      }
      case 'pong':
        break;
      case 'snapshot': {
        const project = message.projects.find((candidate) => candidate.projectName === state.projectName);
        next = withProject({ ...next, synced: true }, project);
        break;
      }
      case 'project':
        if (message.status.projectName === state.projectName) next = withProject(next, message.status);
        break;
      case 'project-removed':
        if (message.projectName === state.projectName) next = withProject(next, undefined);
        break;
      case 'service':
        if (message.status.projectName === state.projectName) next = withService(next, message.status);
        break;
      case 'log':
      case 'logs':
        for (const line of message.type === 'log' ? [message.line] : message.lines) {
          if (line.seq <= (lastLogSeq[line.projectName] ?? 0)) continue;
          bumpSeq(line.projectName, line.seq);
          if (line.projectName !== state.projectName) continue;
          added.push(toLineEntry(line));
        }
        break;
      case 'logs-skipped': {
        const last = lastLogSeq[message.projectName] ?? 0;
        if (message.toSeq <= last) break;
        bumpSeq(message.projectName, message.toSeq);
        if (message.projectName !== state.projectName) break;
        const skipped = message.toSeq - Math.max(message.fromSeq, last + 1) + 1;
        added.push({
          kind: 'skipped',
          stream: 'devup',
          text: `… skipped ${skipped} ${skipped === 1 ? 'line' : 'lines'} (the daemon's buffer moved on)`,
        });
        break;
      }
      case 'activity': {
        const { activity } = message;
        if (activity.projectName !== state.projectName) break;
        added.push({
          kind: 'activity',
          ...(activity.serviceName === undefined ? {} : { serviceName: activity.serviceName }),
          stream: 'devup',
          text: toPrintable(activity.text),
        });
        break;
      }
      case 'error':
        next = { ...next, notice: { level: 'error', text: message.message, at: next.now } };
        break;
    }
  }

  if (lastLogSeq !== state.lastLogSeq) next = { ...next, lastLogSeq };
  if (added.length > 0) next = { ...next, log: appendLogEntries(next.log, added) };
  return next;
}

function toLineEntry(line: LogLine): NewLogEntry {
  return {
    kind: 'line',
    serviceName: line.serviceName,
    stream: line.stream,
    seq: line.seq,
    text: toPrintable(line.text),
  };
}

/**
 * Merges lines of the daemon's buffer fetched apart from the stream: those older than the
 * oldest line held go before it, those newer than the newest go after it (and count as
 * seen, so the stream's copies are dropped); the ones in between are already here.
 */
export function applyHistory(state: ViewState, lines: LogLine[]): ViewState {
  const ours = lines.filter((line) => line.projectName === state.projectName).sort((a, b) => a.seq - b.seq);
  const held = state.log.entries.filter((entry) => entry.seq !== undefined);
  const oldestHeld = held[0]?.seq ?? Number.POSITIVE_INFINITY;
  const newestHeld = Math.max(held.at(-1)?.seq ?? 0, state.lastLogSeq[state.projectName] ?? 0);
  const older = ours.filter((line) => line.seq < oldestHeld && line.seq <= newestHeld);
  const newer = ours.filter((line) => line.seq > newestHeld);
  let next = state;
  if (older.length > 0) next = { ...next, log: prependLogEntries(next.log, older.map(toLineEntry)) };
  if (newer.length > 0) {
    next = {
      ...next,
      log: appendLogEntries(next.log, newer.map(toLineEntry)),
      lastLogSeq: { ...next.lastLogSeq, [state.projectName]: newer.at(-1)!.seq },
    };
  }
  return next;
}

function withProject(state: ViewState, project: ProjectStatus | undefined): ViewState {
  return keepSelection({
    ...state,
    projectKnown: project !== undefined,
    services: project?.services ?? [],
    configIssues: project?.configIssues ?? [],
  });
}

function withService(state: ViewState, status: ServiceStatus): ViewState {
  const index = state.services.findIndex((service) => service.serviceName === status.serviceName);
  const services =
    index === -1 ? [...state.services, status] : state.services.map((service, at) => (at === index ? status : service));
  return keepSelection({ ...state, services, projectKnown: true });
}

/** The selection stays on its service while it exists, else moves to the first one. */
function keepSelection(state: ViewState): ViewState {
  const stillThere = state.services.some((service) => service.serviceName === state.selectedService);
  if (stillThere) return state;
  const first = state.services[0]?.serviceName;
  if (first === state.selectedService) return state;
  if (first === undefined) {
    const { selectedService: _dropped, ...rest } = state;
    return rest;
  }
  return { ...state, selectedService: first };
}
