import { describe, expect, test } from 'vitest';
import { makeProject, makeService } from '@devup/schema/testing';
import { type ImageProbes, checkImages } from './image-check.js';

const build = (context: string, dockerfile = 'Dockerfile') => ({ context, dockerfile, args: {}, labels: {} });

const probesFor = (images: string[] | undefined, files: Record<string, string>): ImageProbes => ({
  hasImage: async (reference) => (images === undefined ? undefined : images.includes(reference)),
  readText: async (path) => files[path],
});

const files = {
  '/src/shop/web/Dockerfile': 'FROM debian:bookworm-slim\nRUN true\n',
  '/src/shop/api/Dockerfile': 'FROM python:3.12\n',
};

describe('checkImages', () => {
  test.each([
    {
      name: 'pulled image present, build base present',
      services: [makeService('db', { image: 'postgres:16' }), makeService('web', { build: build('/src/shop/web') })],
      images: ['postgres:16', 'debian:bookworm-slim'],
      expected: { status: 'ok', detail: 'db: postgres:16 present\nweb: builds FROM debian:bookworm-slim (present)' },
    },
    {
      name: 'pulled image missing fails with a way to get it',
      services: [makeService('db', { image: 'postgres:16' })],
      images: [],
      expected: {
        status: 'fail',
        detail: 'db: image postgres:16 is not present locally and no registry may be reachable',
        fix: 'get postgres:16 onto this machine: `docker pull postgres:16` where a registry is reachable,\nor on a machine that has it `docker save postgres:16 -o image.tar`, then here `docker load -i image.tar`.',
      },
    },
    {
      name: 'missing build base warns',
      services: [makeService('api', { image: 'shop/api', build: build('/src/shop/api') })],
      images: [],
      expected: {
        status: 'warn',
        detail:
          'api: /src/shop/api/Dockerfile:1: base image python:3.12 is not present locally; the build must pull it',
        fix: 'get python:3.12 onto this machine: `docker pull python:3.12` where a registry is reachable,\nor on a machine that has it `docker save python:3.12 -o image.tar`, then here `docker load -i image.tar`.',
      },
    },
    {
      name: 'missing Dockerfile fails',
      services: [makeService('web', { build: build('/src/shop/web', 'Dockerfile.dev') })],
      images: ['debian:bookworm-slim'],
      expected: {
        status: 'fail',
        detail: 'web: Dockerfile /src/shop/web/Dockerfile.dev not found',
        fix: 'create it, or point services.web.build.dockerfile at the right file.',
      },
    },
    {
      name: 'services outside the enabled profiles are skipped',
      services: [makeService('mongo', { image: 'mongo:7', profiles: ['mongo'] })],
      images: [],
      expected: { status: 'ok', detail: 'no services' },
    },
    {
      name: 'engine unreachable warns',
      services: [makeService('db', { image: 'postgres:16' })],
      images: undefined,
      expected: { status: 'warn', detail: 'db: postgres:16: could not ask the engine' },
    },
  ])('$name', async ({ services, images, expected }) => {
    const result = await checkImages(makeProject('shop', services), probesFor(images, files));
    expect(result).toEqual({ id: 'images', title: 'Images', ...expected });
  });
});
