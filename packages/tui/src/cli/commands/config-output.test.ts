import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import type { CliOutput } from '../cli-io.js';
import { directOutput, writesDirectly } from './config-output.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const collectingStream = (): { stream: CliOutput; text: () => string } => {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
};

/** fstat and writeSync over a file that takes `accept` bytes, then fails with `code`. */
const failingFs = (accept: number, code: string) => {
  let taken = '';
  return {
    fs: {
      fstatSync: (() => ({ isFIFO: () => true, isSocket: () => false, isFile: () => false })) as never,
      writeSync: ((_fd: number, bytes: Uint8Array, offset: number) => {
        const room = accept - taken.length;
        if (room <= 0) throw Object.assign(new Error(code), { code });
        const part = Buffer.from(bytes)
          .subarray(offset, offset + room)
          .toString();
        taken += part;
        return part.length;
      }) as never,
    },
    taken: () => taken,
  };
};

describe('directOutput', () => {
  test('writes to a file descriptor straight away, without asking for the stream', () => {
    const folder = mkdtempSync(join(tmpdir(), 'config-output-'));
    folders.push(folder);
    const file = join(folder, 'out.txt');
    const fd = openSync(file, 'w');
    let asked = false;
    const direct = directOutput(fd, () => {
      asked = true;
      return collectingStream().stream;
    });
    let called = false;
    direct.output.write('héllo\n');
    direct.output.write('world\n', () => (called = true));
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('héllo\nworld\n');
    expect(called).toBe(true);
    expect(asked).toBe(false);
    expect(direct.usedStream()).toBe(false);
    expect(direct.output.isTTY).toBe(false);
  });

  test('a descriptor that would block: the rest goes through the stream, in order', () => {
    const { fs, taken } = failingFs(4, 'EAGAIN');
    const { stream, text } = collectingStream();
    const direct = directOutput(1, () => stream, fs);
    direct.output.write('abcdefgh');
    direct.output.write('ij');
    expect(taken()).toBe('abcd');
    expect(text()).toBe('efghij');
    expect(direct.usedStream()).toBe(true);
  });

  test('a reader that went away (EPIPE) ends the output quietly', () => {
    const { fs, taken } = failingFs(3, 'EPIPE');
    const direct = directOutput(1, () => collectingStream().stream, fs);
    expect(() => {
      direct.output.write('abcdef');
      direct.output.write('more');
    }).not.toThrow();
    expect(taken()).toBe('abc');
    expect(direct.usedStream()).toBe(false);
  });

  test('another error is thrown', () => {
    const { fs } = failingFs(0, 'EIO');
    const direct = directOutput(1, () => collectingStream().stream, fs);
    expect(() => direct.output.write('x')).toThrow('EIO');
  });

  test('a terminal (or anything else not a pipe, socket or file) keeps the stream', () => {
    const { stream } = collectingStream();
    const fs = {
      fstatSync: (() => ({ isFIFO: () => false, isSocket: () => false, isFile: () => false })) as never,
      writeSync: (() => 0) as never,
    };
    const direct = directOutput(1, () => stream, fs);
    expect(direct.output).toBe(stream);
    expect(direct.usedStream()).toBe(true);
  });
});

describe('writesDirectly', () => {
  test('a regular file: yes; no such descriptor: no', () => {
    const folder = mkdtempSync(join(tmpdir(), 'config-output-'));
    folders.push(folder);
    const fd = openSync(join(folder, 'out.txt'), 'w');
    expect(fstatSync(fd).isFile()).toBe(true);
    expect(writesDirectly(fd)).toBe(true);
    closeSync(fd);
    expect(writesDirectly(-1)).toBe(false);
  });
});
