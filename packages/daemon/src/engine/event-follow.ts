// Following the engine's event stream across disconnections: on a break it emits
// 'disconnected', retries with backoff, asks again from the last second it saw, skips
// what it already delivered, and emits 'reconnected' once the stream is back.

import type { Readable } from 'node:stream';
import type { EngineEvent, Labels } from './engine.js';
import { forEachJsonLine, pause, type Json } from './stream-io.js';

export const toContainerEvent = (message: Json): Extract<EngineEvent, { kind: 'container' }> => {
  const actor = (message['Actor'] as Json | undefined) ?? {};
  const attributes = (actor['Attributes'] as Labels | undefined) ?? {};
  const exitCode = attributes['exitCode'];
  return {
    kind: 'container',
    action: String(message['Action'] ?? message['status'] ?? ''),
    containerId: String(actor['ID'] ?? message['id'] ?? ''),
    labels: attributes,
    ...(exitCode !== undefined ? { exitCode: Number(exitCode) } : {}),
    time: Number(message['time'] ?? 0),
  };
};

export const followEvents = async (
  open: (since: number | undefined) => Promise<Readable>,
  signal: AbortSignal,
  onEvent: (event: EngineEvent) => void,
): Promise<void> => {
  let since: number | undefined;
  let delayMs = 250;
  let connectedBefore = false;
  let lastNano = 0n;
  while (!signal.aborted) {
    try {
      const stream = await open(since);
      if (connectedBefore) onEvent({ kind: 'reconnected' });
      connectedBefore = true;
      delayMs = 250;
      await forEachJsonLine(stream, (message) => {
        const time = Number(message['time'] ?? 0);
        const timeNano = BigInt(String(message['timeNano'] ?? time * 1e9));
        if (timeNano <= lastNano) return;
        lastNano = timeNano;
        since = time;
        onEvent(toContainerEvent(message));
      });
      if (signal.aborted) return;
      onEvent({ kind: 'disconnected', error: 'the engine closed the event stream' });
    } catch (error) {
      if (signal.aborted) return;
      onEvent({ kind: 'disconnected', error: error instanceof Error ? error.message : String(error) });
    }
    await pause(delayMs, signal);
    delayMs = Math.min(delayMs * 2, 2000);
  }
};
