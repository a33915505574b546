// Reads devd's memory from inside while the load runs: devd is started with
// `--inspect=127.0.0.1:PORT` and this module asks it over the inspector protocol for
// process.memoryUsage(), optionally after a full garbage collection, so the live heap
// can be told apart from garbage not yet collected and from buffers outside the heap.

export interface DevdMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface MemoryProbe {
  read(afterGc: boolean): Promise<DevdMemory>;
  close(): void;
}

export const connectMemoryProbe = async (port: number): Promise<MemoryProbe> => {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`no inspector target on port ${port}`);
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve) => {
      nextId += 1;
      waiting.set(nextId, resolve);
      socket.send(JSON.stringify({ id: nextId, method, params }));
    });
  const mb = (bytes: number): number => bytes / 1024 / 1024;
  return {
    async read(afterGc) {
      if (afterGc) await call('HeapProfiler.collectGarbage');
      const result = (await call('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })) as { result: { value: string } };
      const usage = JSON.parse(result.result.value) as Record<keyof DevdMemory, number>;
      return {
        rss: mb(usage.rss),
        heapTotal: mb(usage.heapTotal),
        heapUsed: mb(usage.heapUsed),
        external: mb(usage.external),
        arrayBuffers: mb(usage.arrayBuffers),
      };
    },
    close: () => socket.close(),
  };
};

export const formatMemory = (memory: DevdMemory): string =>
  `rss ${memory.rss.toFixed(0)} MB, heap ${memory.heapUsed.toFixed(0)}/${memory.heapTotal.toFixed(0)} MB, external ${memory.external.toFixed(0)} MB (array buffers ${memory.arrayBuffers.toFixed(0)} MB)`;
