// The log plane's own process, started by devd (process-log-plane.ts): a LocalLogPlane
// (log pumps following containers through their own engine connection, the hub, the
// feeds) and the stream clients devd hands over. Everything per line happens here; devd
// gets only which services had output, and the last texts of those it watches
// (plane-messages.ts). It ends when devd closes the channel, or dies.
import type { Socket } from 'node:net';
import type { DaemonLog } from '../../daemon-log.js';
import type { Activity } from '../../protocol/messages.js';
import { StatusMirror } from '../../status/status-mirror.js';
import { createTopic } from '../../status/topic.js';
import { DockerEngine } from '../../engine/docker-engine.js';
import { enginePacer } from '../../engine/ingest-pacer.js';
import type { ServiceRef } from '../log-feeds.js';
import { LocalLogPlane } from '../log-plane.js';
import { type FromPlane, type ServiceTexts, type ToPlane, WATCHED_TEXTS } from './plane-messages.js';
import { type StreamServer, createStreamServer } from '../../api/stream-server.js';

const send = process.send?.bind(process);
if (send === undefined) throw new Error('log-plane-process.ts runs as a child of devd');

const post = (message: FromPlane): void => {
  if (process.connected) send(message);
};

const channelLog = (component: string): DaemonLog => {
  const record =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Record<string, unknown>, message: string): void =>
      post({ type: 'log', level, fields: { component, ...fields }, message });
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    child: (name) => channelLog(name),
    flush: () => undefined,
  };
};

// No request waits on this process's thread (devd answers them), only the stream ticks:
// engine output may take longer slices, with a shorter rest between them.
enginePacer.configure({ sliceMs: 12, restMs: 1 });

const plane = new LocalLogPlane({ engine: new DockerEngine(), log: channelLog('log-pump') });
const watched = new Set<string>();
const textsOf = (ref: ServiceRef): ServiceTexts => ({
  ...ref,
  texts: plane.lastTexts(ref.projectName, ref.serviceName, WATCHED_TEXTS),
});
plane.onArrivals((arrivals) => {
  const texts = arrivals.filter((ref) => watched.has(`${ref.projectName}\u0000${ref.serviceName}`)).map(textsOf);
  post({ type: 'arrivals', arrivals: [...arrivals], texts });
});

const status = new StatusMirror();
const activities = createTopic<Activity>();
let streams: StreamServer | undefined;

process.on('message', (message: ToPlane, handle?: unknown) => {
  switch (message.type) {
    case 'serve':
      status.reset(message.projects);
      streams ??= createStreamServer(
        {
          version: message.version,
          instanceId: message.instanceId,
          store: status,
          activities,
          feeds: plane,
        },
        message.limits,
        (count) => post({ type: 'viewers', count }),
      );
      return;
    case 'status':
      for (const change of message.changes) status.apply(change);
      return;
    case 'activity':
      activities.publish(message.activity);
      return;
    case 'stream': {
      const socket = handle as Socket | undefined;
      if (socket === undefined) return;
      if (streams === undefined) {
        socket.destroy();
        return;
      }
      streams.adopt(
        { method: message.method, url: message.url, headers: message.headers },
        socket,
        Buffer.from(message.head.buffer, message.head.byteOffset, message.head.byteLength),
      );
      return;
    }
    case 'ensure':
      plane.ensure(message.target);
      return;
    case 'forget':
      plane.forget(message.containerId);
      return;
    case 'forget-project':
      plane.forgetProject(message.projectName);
      return;
    case 'read':
      plane.read(message.request).then(
        (result) => post({ type: 'read-result', requestId: message.requestId, result }),
        (error: unknown) => post({ type: 'read-result', requestId: message.requestId, error: String(error) }),
      );
      return;
    case 'watch-texts': {
      const ref = { projectName: message.projectName, serviceName: message.serviceName };
      watched.add(`${ref.projectName}\u0000${ref.serviceName}`);
      post({ type: 'arrivals', arrivals: [ref], texts: [textsOf(ref)] });
      return;
    }
    case 'close-streams':
      streams?.close();
      return;
    case 'close':
      stop();
      return;
  }
});

const stop = (): void => {
  streams?.close();
  void plane.close();
  process.exit(0);
};
// devd stopped or died: nothing is left to serve.
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', () => undefined);
