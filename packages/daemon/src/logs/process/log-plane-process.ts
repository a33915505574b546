// The log plane's own process, started by devd (process-log-plane.ts): log pumps
// following containers through their own engine connection, the hub, and the feeds of
// stream clients. Everything per line happens here; devd gets units of serialized lines
// once per tick (plane-messages.ts). It ends when devd closes the channel, or dies.
import type { Socket } from 'node:net';
import type { DaemonLog } from '../../daemon-log.js';
import type { Activity } from '../../protocol/messages.js';
import { StatusMirror } from '../../status/status-mirror.js';
import { createTopic } from '../../status/topic.js';
import { DockerEngine } from '../../engine/docker-engine.js';
import { enginePacer } from '../../engine/ingest-pacer.js';
import { type FeedEvent, LogFeeds, type ServiceRef } from '../log-feeds.js';
import { LogHub } from '../log-hub.js';
import { TICK_MS } from '../log-plane.js';
import { LogPumps } from '../log-pump.js';
import { readLogs } from '../read-logs.js';
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

const hub = new LogHub();
const pumps = new LogPumps(new DockerEngine(), hub, channelLog('log-pump'));
const watched = new Set<string>();
const textsOf = (ref: ServiceRef): ServiceTexts => ({
  ...ref,
  texts: hub.lastTexts(ref.projectName, ref.serviceName, WATCHED_TEXTS),
});

/** Events of one turn go out in one message. */
let outgoing: { feedIds: number[]; event: FeedEvent }[] = [];
const sendEvents = (): void => {
  const events = outgoing;
  outgoing = [];
  post({ type: 'events', events });
};

const feeds = new LogFeeds(
  hub,
  (feedIds, event) => {
    const remote: number[] = [];
    for (const feedId of feedIds) {
      const local = feedListeners.get(feedId);
      if (local !== undefined) local(event);
      else remote.push(feedId);
    }
    if (remote.length === 0) return;
    if (outgoing.length === 0) queueMicrotask(sendEvents);
    outgoing.push({ feedIds: remote, event });
  },
  (arrivals) => {
    const texts = arrivals.filter((ref) => watched.has(`${ref.projectName}\u0000${ref.serviceName}`)).map(textsOf);
    post({ type: 'arrivals', arrivals, texts });
  },
  TICK_MS,
);

const status = new StatusMirror();
const activities = createTopic<Activity>();
let streams: StreamServer | undefined;
let nextFeedId = -1;
/** Feeds of the streams served here; ids below zero, apart from devd's. */
const feedListeners = new Map<number, (event: FeedEvent) => void>();

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
          logs: {
            openFeed: (spec, onEvent) => {
              const feedId = nextFeedId;
              nextFeedId -= 1;
              feedListeners.set(feedId, onEvent);
              feeds.open(feedId, spec);
              return () => {
                feeds.close(feedId);
                feedListeners.delete(feedId);
              };
            },
          },
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
      pumps.ensure(message.target);
      return;
    case 'forget':
      pumps.forget(message.containerId);
      return;
    case 'forget-project':
      pumps.forgetProject(message.projectName);
      return;
    case 'open-feed':
      feeds.open(message.feedId, message.spec);
      return;
    case 'close-feed':
      feeds.close(message.feedId);
      return;
    case 'read':
      try {
        post({ type: 'read-result', requestId: message.requestId, result: readLogs(hub, message.request) });
      } catch (error) {
        post({ type: 'read-result', requestId: message.requestId, error: String(error) });
      }
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
  pumps.close();
  feeds.stop();
  process.exit(0);
};
// devd stopped or died: nothing is left to serve.
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', () => undefined);
