// Lint: typescript-eslint with type information. no-restricted-imports keeps each
// third-party library behind its one module of ours, and forbids the libraries we left.
import tseslint from 'typescript-eslint';

const onlyIn = (library, owner) => ({ library, owner });
const fencedLibraries = [
  onlyIn('dockerode', 'packages/daemon/src/engine/docker/'),
  onlyIn('yaml', 'packages/schema/src/phases/parse.ts'),
  onlyIn('ajv', 'packages/schema/src/phases/validate.ts'),
  onlyIn('fastify', 'packages/daemon/src/api/'),
  onlyIn('@fastify/websocket', 'packages/daemon/src/api/'),
  onlyIn('ws', 'packages/daemon/src/client/'),
  onlyIn('ws', 'packages/daemon/src/api/stream-server.ts'),
  onlyIn('tar-stream', 'packages/daemon/src/archive/'),
  onlyIn('pino', 'packages/daemon/src/daemon-log.ts'),
  onlyIn('ink', 'packages/tui/src/ui/'),
];
const forbiddenLibraries = [
  {
    name: 'chokidar',
    message:
      'chokidar is not used: the watcher uses fs.watch per folder, see packages/daemon/src/watch/file-watcher.ts',
  },
];

/** Where each library may be imported (one module of ours, or two for a client and a server side). */
const ownersOf = (library) => fencedLibraries.filter((entry) => entry.library === library).map(({ owner }) => owner);
const restrictionFor = (exceptOwner) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [...new Set(fencedLibraries.map(({ library }) => library))]
        .filter((library) => !ownersOf(library).includes(exceptOwner))
        .map((library) => ({ name: library, message: `${library} is used only in ${ownersOf(library).join(' and ')}` }))
        .concat(forbiddenLibraries),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.toolchain/**',
      '.cache/**',
      'examples/**/app/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...restrictionFor(undefined),
    },
  },
  ...fencedLibraries.map(({ owner }) => ({
    files: owner.endsWith('/') ? [`${owner}**/*.ts`, `${owner}**/*.tsx`] : [owner],
    rules: restrictionFor(owner),
  })),
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: forbiddenLibraries }] },
  },
);
