// `dev up --wait`: polls the project's status until every selected service is healthy
// (or running, when it has no healthcheck; or exited 0, for one-shot jobs), and fails
// fast on a crash loop, an unhealthy service or a non-zero exit.

import type { DaemonClient } from '@devup/daemon/client';
import type { ServiceStatus } from '@devup/daemon/protocol';

export type WaitVerdict =
  { kind: 'ready' } | { kind: 'pending'; waitingFor: string[] } | { kind: 'failed'; reason: string };

/** Pure: the verdict for the current statuses. */
export const judgeServices = (services: readonly ServiceStatus[], selected: readonly string[]): WaitVerdict => {
  const relevant =
    selected.length > 0 ? services.filter((service) => selected.includes(service.serviceName)) : services;
  const waitingFor: string[] = [];
  for (const service of relevant) {
    switch (service.state) {
      case 'healthy':
      case 'running':
        break;
      case 'exited':
        if (service.exitCode !== 0)
          return { kind: 'failed', reason: `${service.serviceName} exited with code ${service.exitCode ?? '?'}` };
        break;
      case 'crash-loop':
        return {
          kind: 'failed',
          reason: `${service.serviceName} is crash-looping (exit code ${service.exitCode ?? '?'})`,
        };
      case 'unhealthy':
        return { kind: 'failed', reason: `${service.serviceName} is unhealthy` };
      case 'absent':
      case 'waiting':
      case 'building':
      case 'created':
      case 'starting':
      case 'restarting':
      case 'stopped':
        waitingFor.push(`${service.serviceName} (${service.state})`);
        break;
    }
  }
  return waitingFor.length > 0 ? { kind: 'pending', waitingFor } : { kind: 'ready' };
};

export const waitForServices = async (
  client: DaemonClient,
  projectName: string,
  selected: readonly string[],
  timeoutMs: number,
): Promise<WaitVerdict> => {
  const deadline = Date.now() + timeoutMs;
  let verdict: WaitVerdict = { kind: 'pending', waitingFor: [] };
  while (Date.now() < deadline) {
    verdict = judgeServices((await client.projectStatus(projectName)).services, selected);
    if (verdict.kind !== 'pending') return verdict;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return verdict.kind === 'pending'
    ? { kind: 'failed', reason: `timed out waiting for ${verdict.waitingFor.join(', ')}` }
    : verdict;
};
