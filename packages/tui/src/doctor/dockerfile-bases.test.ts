import { describe, expect, test } from 'vitest';
import { parseDockerfileBases } from './dockerfile-bases.js';

describe('parseDockerfileBases', () => {
  test.each<{ name: string; text: string; args: Record<string, string>; expected: unknown }>([
    {
      name: 'one FROM',
      text: 'FROM debian:bookworm-slim\nRUN true\n',
      args: {},
      expected: { bases: [{ reference: 'debian:bookworm-slim', line: 1 }], unresolved: [] },
    },
    {
      name: 'stages, scratch and --platform',
      text: '# syntax\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build\nFROM scratch\nFROM build AS again\nFROM alpine:3\n',
      args: {},
      expected: {
        bases: [
          { reference: 'golang:1.22', line: 2 },
          { reference: 'alpine:3', line: 6 },
        ],
        unresolved: [],
      },
    },
    {
      name: 'global ARG defaults, overridden by build args',
      text: 'ARG BASE=debian\nARG TAG=bookworm\nFROM ${BASE}:${TAG}-slim\nARG LATE=x\nFROM $LATE\n',
      args: { TAG: 'trixie' },
      expected: {
        bases: [{ reference: 'debian:trixie-slim', line: 3 }],
        unresolved: [{ reference: '$LATE', line: 5 }],
      },
    },
    {
      name: 'default inside the reference',
      text: 'FROM ${IMAGE:-python:3.12}\n',
      args: {},
      expected: { bases: [{ reference: 'python:3.12', line: 1 }], unresolved: [] },
    },
    {
      name: 'continuation lines',
      text: 'FROM \\\n  debian:bookworm-slim \\\n  AS base\nFROM base\n',
      args: {},
      expected: { bases: [{ reference: 'debian:bookworm-slim', line: 1 }], unresolved: [] },
    },
  ])('$name', ({ text, args, expected }) => {
    expect(parseDockerfileBases(text, args)).toEqual(expected);
  });
});
