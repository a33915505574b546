import { expect, test } from 'vitest';
import { EngineOperationError, EngineUnavailableError } from '../engine/engine-errors.js';
import { asDevError, failureOf } from './command-results.js';
import { DevError } from './dev-error.js';

test.each([
  [new EngineUnavailableError('unix:///var/run/docker.sock', 'connect ENOENT'), 'DEV_ERR_ENGINE_UNAVAILABLE'],
  [new EngineOperationError('start-container', 'service:web:1', 'port is already allocated', 500), 'DEV_ERR_ENGINE'],
  [new Error('build-image service:web failed: RUN exited with 2'), 'DEV_ERR_BUILD_FAILED'],
  [new DevError('DEV_ERR_NOT_FOUND', 'no such service: x'), 'DEV_ERR_NOT_FOUND'],
])('%s -> %s', (error, code) => {
  expect(asDevError(error).code).toBe(code);
});

test.each([
  [
    { resource: 'service:web:1', error: 'start failed' },
    { serviceName: 'web', message: 'start failed' },
  ],
  [
    { serviceName: 'db', message: 'unhealthy' },
    { serviceName: 'db', message: 'unhealthy' },
  ],
  ['network failed', { serviceName: '', message: 'network failed' }],
])('failure %j', (failure, expected) => {
  expect(failureOf(failure)).toEqual(expected);
});
