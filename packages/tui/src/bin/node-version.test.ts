import { describe, expect, test } from 'vitest';
import { nodeVersionProblem } from './node-version.js';

describe('nodeVersionProblem', () => {
  test.each([
    ['v22.0.0', false],
    ['v22.12.1', false],
    ['v24.3.0', false],
    ['v30.0.0', false],
    ['v21.7.3', true],
    ['v20.20.2', true],
    ['v18.19.0', true],
    ['v9.11.2', true],
    ['garbage', true],
  ])('%s too old: %s', (version, tooOld) => {
    expect(nodeVersionProblem(version, '/usr/bin/node') !== undefined).toBe(tooOld);
  });

  test('the message names what is needed, what was found and how to get it, in one line', () => {
    expect(nodeVersionProblem('v20.20.2', '/usr/bin/node')).toMatchInlineSnapshot(
      `"dev: devup needs Node.js 22 or newer, found v20.20.2 (/usr/bin/node); install Node.js 22+ (https://nodejs.org, or \`nvm install 22\`) and run dev with it"`,
    );
  });
});
