import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { emptyDaemonState, parseDaemonState, readStateFile, writeStateFile } from './state-file.js';

const ref = { cwd: '/src/shop', files: [], envFiles: [], profiles: [], env: {} };

describe('state file', () => {
  test('round-trips, is private (0600) and leaves no temp file behind', () => {
    const directory = mkdtempSync(join(tmpdir(), 'devup-state-'));
    const file = join(directory, 'state.json');
    const state = emptyDaemonState();
    state.projects['shop'] = { projectName: 'shop', ref, watch: true, registeredAt: '2026-01-01T00:00:00.000Z' };
    writeStateFile(file, state);
    expect(readStateFile(file)).toEqual({ state, dropped: [] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(directory)).toEqual(['state.json']);
  });

  test('a reader sees the old content or the new, never a torn write', () => {
    const directory = mkdtempSync(join(tmpdir(), 'devup-state-'));
    const file = join(directory, 'state.json');
    for (let round = 0; round < 50; round += 1) {
      const state = emptyDaemonState();
      for (let index = 0; index < round; index += 1)
        state.projects[`p${index}`] = { projectName: `p${index}`, ref, watch: false, registeredAt: 'x' };
      writeStateFile(file, state);
      const read = readStateFile(file);
      expect(read.dropped).toEqual([]);
      expect(Object.keys(read.state.projects)).toHaveLength(round);
    }
  });

  test('a missing file is an empty state with nothing dropped', () => {
    expect(readStateFile('/nonexistent/devup/state.json')).toEqual({ state: emptyDaemonState(), dropped: [] });
  });

  test.each([
    ['truncated JSON', '{"version":1,"projects":{"sh', ['the whole file: not JSON']],
    ['no projects object', '{"version":1}', ['the whole file: no "projects" object']],
  ])('a corrupt file (%s) is dropped whole, with the reason', (_name, text, reasons) => {
    const result = parseDaemonState(text);
    expect(result.state).toEqual(emptyDaemonState());
    expect(result.dropped.map((reason) => reason.split(' (')[0])).toEqual(reasons);
  });

  test('one bad entry is dropped and the others kept', () => {
    const directory = mkdtempSync(join(tmpdir(), 'devup-state-'));
    const file = join(directory, 'state.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        projects: { good: { ref, watch: true }, bad: { ref: { cwd: 'relative' } }, worse: 7 },
      }),
    );
    const result = readStateFile(file);
    expect(Object.keys(result.state.projects)).toEqual(['good']);
    expect(result.dropped).toEqual([
      'project "bad": ref.cwd: must be an absolute path',
      'project "worse": not an object',
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8')).projects.worse).toBe(7);
  });
});
