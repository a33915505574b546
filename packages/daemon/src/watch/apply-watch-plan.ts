// Carries out one service's update plan (not a rebuild) on its running containers:
// send the sync batch through each container's channel, then the follow-ups in order
// (restart, exec, signal). No decisions here: the plan says what to do.

import type { Engine } from '../engine/engine.js';
import { collectSyncBatch } from '../sync/collect-sync-batch.js';
import { openSyncChannel, type SyncChannel, type SyncChannelKind } from '../sync/container-sync-channel.js';
import { formatFollowUp, type FollowUp, type ServiceWatchPlan } from './plan-watch-actions.js';

export interface ApplyReport {
  files: number;
  deletes: number;
  skipped: { hostPath: string; reason: string }[];
  steps: string[];
  durationMs: number;
  /** Reading the host files. */
  collectMs: number;
  /** Sending the batch until every container confirmed it. */
  sendMs: number;
}

/** Open sync channels, one per container, reused across batches. */
export class SyncChannelPool {
  private readonly channels = new Map<string, Promise<SyncChannel>>();

  constructor(
    private readonly engine: Engine,
    private readonly prefer?: SyncChannelKind,
  ) {}

  get(containerId: string, user: string | undefined): Promise<SyncChannel> {
    let channel = this.channels.get(containerId);
    if (!channel) {
      channel = openSyncChannel(this.engine, containerId, {
        ...(this.prefer ? { prefer: this.prefer } : {}),
        ...(user ? { user } : {}),
      });
      channel.catch(() => this.channels.delete(containerId));
      this.channels.set(containerId, channel);
    }
    return channel;
  }

  async drop(containerId: string): Promise<void> {
    const channel = this.channels.get(containerId);
    this.channels.delete(containerId);
    await channel?.then((open) => open.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    for (const containerId of [...this.channels.keys()]) await this.drop(containerId);
  }
}

export async function applyWatchPlan(
  engine: Engine,
  pool: SyncChannelPool,
  plan: ServiceWatchPlan,
  containerIds: readonly string[],
  user: string | undefined,
): Promise<ApplyReport> {
  const startedAt = performance.now();
  const batch = await collectSyncBatch(plan.syncs);
  const collectedAt = performance.now();
  const files = batch.writes.filter((entry) => entry.type === 'file').length;
  const steps: string[] = [];
  let sentAt = collectedAt;
  if (batch.writes.length > 0 || batch.deletes.length > 0) {
    await Promise.all(containerIds.map((containerId) => syncOne(pool, containerId, user, batch)));
    sentAt = performance.now();
    steps.push(
      `synced ${files} file${files === 1 ? '' : 's'}${batch.deletes.length > 0 ? `, removed ${batch.deletes.length}` : ''}`,
    );
  }
  for (const followUp of plan.followUps) {
    await Promise.all(containerIds.map((containerId) => runFollowUp(engine, pool, containerId, followUp)));
    steps.push(formatFollowUp(followUp).replace(/^restart$/, 'restarted'));
  }
  return {
    files,
    deletes: batch.deletes.length,
    skipped: batch.skipped,
    steps,
    durationMs: performance.now() - startedAt,
    collectMs: collectedAt - startedAt,
    sendMs: sentAt - collectedAt,
  };
}

async function syncOne(
  pool: SyncChannelPool,
  containerId: string,
  user: string | undefined,
  batch: Parameters<SyncChannel['apply']>[0],
): Promise<void> {
  try {
    await (await pool.get(containerId, user)).apply(batch);
  } catch {
    // The channel may have died with its process (container restarted): one fresh try.
    await pool.drop(containerId);
    await (await pool.get(containerId, user)).apply(batch);
  }
}

async function runFollowUp(
  engine: Engine,
  pool: SyncChannelPool,
  containerId: string,
  followUp: FollowUp,
): Promise<void> {
  switch (followUp.kind) {
    case 'restart':
      await pool.drop(containerId);
      await engine.restartContainer(containerId);
      return;
    case 'signal':
      await engine.killContainer(containerId, followUp.signal);
      return;
    case 'exec': {
      const session = await engine.exec(containerId, {
        cmd: followUp.command,
        tty: false,
        attachStdin: false,
        ...(followUp.user ? { user: followUp.user } : {}),
        ...(followUp.workingDir ? { workingDir: followUp.workingDir } : {}),
        ...(followUp.env ? { env: followUp.env } : {}),
        ...(followUp.privileged ? { privileged: true } : {}),
      });
      const output: Buffer[] = [];
      session.stdout.on('data', (chunk: Buffer) => output.push(chunk));
      session.stderr.on('data', (chunk: Buffer) => output.push(chunk));
      const code = await session.exitCode;
      if (code !== 0) {
        const text = Buffer.concat(output).toString().trim().split('\n').slice(-5).join(' | ');
        throw new Error(`${followUp.command.join(' ')} exited with ${code}${text ? `: ${text}` : ''}`);
      }
      return;
    }
  }
}
