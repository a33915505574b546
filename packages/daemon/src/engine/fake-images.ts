// Image ids of the in-memory fake: content-derived like the engine's, so the same
// reference or the same build inputs always give the same id.

import { createHash } from 'node:crypto';
import type { BuildSpec } from './engine.js';

/** The id of an image that exists (or is pulled) under `reference` without being built. */
export function fakeImageId(reference: string): string {
  return `sha256:${createHash('sha256').update(reference).digest('hex')}`;
}

/** The id a build of `context` with `spec`'s dockerfile, args, target and labels produces. */
export function fakeBuildId(context: Buffer, spec: BuildSpec): string {
  return `sha256:${createHash('sha256')
    .update(context)
    .update(JSON.stringify([spec.dockerfile, spec.args, spec.target, spec.labels]))
    .digest('hex')}`;
}
