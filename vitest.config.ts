import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fromRoot = (relativePath: string): string => fileURLToPath(new URL(relativePath, import.meta.url));

const sourceAliases = {
  '@devup/schema/testing': fromRoot('./packages/schema/src/testing/index.ts'),
  '@devup/schema': fromRoot('./packages/schema/src/index.ts'),
  '@devup/daemon/protocol': fromRoot('./packages/daemon/src/protocol/index.ts'),
  '@devup/daemon/client': fromRoot('./packages/daemon/src/client/index.ts'),
  '@devup/daemon': fromRoot('./packages/daemon/src/index.ts'),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: sourceAliases },
        test: {
          name: 'unit',
          // The terminal UI's tests draw frames as a terminal would; ink draws only the last
          // frame when CI is set, so the unit tests run as outside CI.
          env: { CI: 'false' },
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // e2e files share one Docker engine and run one at a time: scripts/run-tests.mjs
          // and `pnpm test:e2e` pass --no-file-parallelism (a run-wide option in vitest).
        },
      },
    ],
  },
});
