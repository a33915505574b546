import { describe, expect, test } from 'vitest';
import { serviceRequestOptions } from './service-command.js';

describe('serviceRequestOptions: each verb takes the Compose options it carries out', () => {
  test.each<[Parameters<typeof serviceRequestOptions>[0], string[], object]>([
    ['stop', ['-t', '3', 'web'], { services: ['web'], timeoutSeconds: 3 }],
    ['stop', ['--timeout=0'], { services: [], timeoutSeconds: 0 }],
    ['restart', ['--timeout', '10', 'web', 'db'], { services: ['web', 'db'], timeoutSeconds: 10 }],
    ['restart', ['web'], { services: ['web'] }],
    ['restart', ['--no-deps', 'web'], { services: ['web'], noDeps: true }],
    ['start', ['web'], { services: ['web'] }],
    ['build', ['--no-cache', '--pull', 'web'], { services: ['web'], noCache: true, pull: true }],
    ['build', [], { services: [] }],
  ])('dev %s %j', (verb, args, expected) => {
    expect(serviceRequestOptions(verb, args)).toEqual(expected);
  });

  test.each<[Parameters<typeof serviceRequestOptions>[0], string[], string]>([
    ['start', ['-t', '3'], "dev start: Unknown option '-t'"],
    ['stop', ['--pull'], "dev stop: Unknown option '--pull'"],
    ['restart', ['--no-cache'], "dev restart: Unknown option '--no-cache'"],
    ['build', ['-t', '3'], "dev build: Unknown option '-t'"],
    ['stop', ['--no-deps'], "dev stop: Unknown option '--no-deps'"],
    ['stop', ['-t', 'soon'], '--timeout must be a whole number'],
  ])('dev %s %j is refused', (verb, args, message) => {
    expect(() => serviceRequestOptions(verb, args)).toThrow(message);
  });
});
