// The sync channels against a real container: the long-lived stream and the archive
// endpoint both write files with their modes, create folders and remove paths; the
// stream falls back to the archive endpoint when the image has no GNU tar.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSyncChannel, type SyncChannelKind } from '../../packages/daemon/src/sync/container-sync-channel.js';
import type { TarBatchEntry } from '../../packages/daemon/src/archive/tar-batch.js';
import { createWatchFixture, type WatchFixture } from './watch-fixture.js';

const now = new Date();
const file = (name: string, text: string, mode = 0o644): TarBatchEntry => ({
  type: 'file',
  name,
  mode,
  mtime: now,
  content: Buffer.from(text),
});

describe.each<SyncChannelKind>(['stream', 'archive'])('sync channel: %s', (kind) => {
  let fixture: WatchFixture;
  let containerId: string;

  beforeAll(async () => {
    fixture = await createWatchFixture(`channel-${kind}`);
    containerId = await fixture.startContainer('box');
  });
  afterAll(async () => {
    await fixture.cleanup();
  });

  test('writes files with their mode, creates folders, removes paths', async () => {
    const channel = await openSyncChannel(fixture.engine, containerId, { prefer: kind });
    expect(channel.kind).toBe(kind);
    await channel.apply({
      writes: [
        { type: 'directory', name: 'app/new/deep', mode: 0o755, mtime: now },
        file('app/run.sh', '#!/bin/sh\necho hi\n', 0o755),
        file('app/new/deep/a.txt', 'A'),
        file('app/gone.txt', 'bye'),
      ],
      deletes: [],
    });
    let result = await fixture.run(
      containerId,
      'cat /app/new/deep/a.txt; stat -c %a /app/run.sh; /app/run.sh; test -f /app/gone.txt && echo present',
    );
    expect(result.stdout).toBe('A755\nhi\npresent\n');
    await channel.apply({ writes: [file('app/new/deep/a.txt', 'B')], deletes: ['/app/gone.txt'] });
    result = await fixture.run(containerId, 'cat /app/new/deep/a.txt; test -e /app/gone.txt || echo removed');
    expect(result.stdout).toBe('Bremoved\n');
    await channel.close();
  });
});

describe('stream channel fallback', () => {
  let fixture: WatchFixture;
  beforeAll(async () => {
    fixture = await createWatchFixture('channel-fallback');
  });
  afterAll(async () => {
    await fixture.cleanup();
  });

  test('an image without GNU tar gets the archive endpoint', async () => {
    const containerId = await fixture.startContainer('notar');
    await fixture.run(containerId, 'rm -f /usr/bin/tar /bin/tar');
    const channel = await openSyncChannel(fixture.engine, containerId);
    expect(channel.kind).toBe('archive');
    await channel.apply({ writes: [file('srv/x.txt', 'via archive')], deletes: [] });
    expect((await fixture.run(containerId, 'cat /srv/x.txt')).stdout).toBe('via archive');
  });
});
