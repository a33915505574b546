// A worker thread holding the stream clients of the load benchmark, so their parsing does
// not delay the latency probes of the main thread. Each client subscribes to every log line
// of the project and counts lines, announced skips, and gaps nobody announced. Lines are
// taken in the batches the daemon sends (as the TUI takes them).

import { parentPort, workerData } from 'node:worker_threads';
import { openStream, type ServerMessage } from '../../packages/daemon/dist/client/index.js';

interface ClientCount {
  lines: number;
  skippedMessages: number;
  skippedLines: number;
  silentGaps: number;
  silentLines: number;
  disconnects: number;
}

const { socketPath, projectName, clients } = workerData as { socketPath: string; projectName: string; clients: number };
const counts: ClientCount[] = [];
const handles: { close(): void }[] = [];

for (let index = 0; index < clients; index += 1) {
  const count: ClientCount = {
    lines: 0,
    skippedMessages: 0,
    skippedLines: 0,
    silentGaps: 0,
    silentLines: 0,
    disconnects: 0,
  };
  counts.push(count);
  let lastSeq: number | undefined;
  handles.push(
    openStream(
      { projectName, tail: 0 },
      {
        onMessage: (message: ServerMessage) => {
          if (message.type === 'logs') {
            for (const line of message.lines) {
              count.lines += 1;
              if (lastSeq !== undefined && line.seq > lastSeq + 1) {
                count.silentGaps += 1;
                count.silentLines += line.seq - lastSeq - 1;
              }
              lastSeq = Math.max(lastSeq ?? 0, line.seq);
            }
          } else if (message.type === 'logs-skipped') {
            count.skippedMessages += 1;
            count.skippedLines += message.toSeq - message.fromSeq + 1;
            lastSeq = Math.max(lastSeq ?? 0, message.toSeq);
          }
        },
        onState: (state) => {
          if (state === 'reconnecting') {
            count.disconnects += 1;
            lastSeq = undefined;
          }
        },
      },
      { socketPath, logBatches: true },
    ),
  );
}

parentPort?.on('message', (message: string) => {
  if (message === 'report') parentPort?.postMessage(counts);
  if (message === 'stop') {
    for (const handle of handles) handle.close();
    parentPort?.postMessage(counts);
  }
});
