import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// DESIGN.md's dependency direction, checked on resolved paths (a relative import is judged by where
// it lands, not by how it is spelled): renderer -> shared <- main; inside main
// ipc -> services -> agent -> (context, tools, safety, model) -> workspace.
const main = (room) => `./src/main/${room}`;
const entryFiles = './src/main/{index,cli*}.ts'; // the window's and the runner's entry points: the top of main
const pkg = (name) => `./node_modules/${name}`;
const above = (rooms, why) => [
  { from: rooms.map(main), message: why },
  { from: entryFiles, message: why },
];
const zones = [
  {
    // Everything but model/ (the top-level files of src/main in the next zone: a glob needs its own).
    target: [
      './src/shared',
      './src/preload',
      './src/renderer',
      ...['agent', 'context', 'tools', 'safety', 'workspace', 'services', 'ipc', 'eval', 'mcp'].map(main),
    ],
    from: pkg('node-llama-cpp'),
    message: 'Only src/main/model/ imports node-llama-cpp.',
  },
  {
    target: './src/main/*.ts',
    from: pkg('node-llama-cpp'),
    message: 'Only src/main/model/ imports node-llama-cpp.',
  },
  {
    target: main('agent'),
    from: pkg('electron'),
    message: 'The agent loop receives a model and tools; it never imports electron.',
  },
  {
    target: './src/shared',
    from: ['electron', 'react', 'react-dom'].map(pkg),
    message: 'src/shared holds types and schemas only: nothing from node, electron or react.',
  },
  {
    target: './src/shared',
    from: ['./src/main', './src/preload', './src/renderer'],
    message: 'src/shared sits below main and renderer; it imports neither.',
  },
  {
    target: './src/renderer',
    from: ['./src/main', './src/preload'],
    message: 'The renderer imports only src/shared of the rest (the window reaches main through window.api).',
  },
  ...above(
    ['agent', 'context', 'tools', 'safety', 'model', 'services', 'ipc', 'eval', 'mcp'],
    'src/main/workspace is the bottom room: it imports nothing above it.',
  ).map((zone) => ({ target: main('workspace'), ...zone })),
  ...['context', 'tools', 'safety', 'model'].flatMap((room) =>
    above(
      ['agent', 'services', 'ipc', 'eval', 'mcp'],
      `src/main/${room} sits below agent/ and mcp/: it imports nothing from agent, mcp, services, ipc or the entry files.`,
    ).map((zone) => ({ target: main(room), ...zone })),
  ),
  ...above(
    ['services', 'ipc', 'eval', 'mcp'],
    'src/main/agent sits below services/ and ipc/; it gets MCP tools as a ToolSource.',
  ).map((zone) => ({ target: main('agent'), ...zone })),
  ...above(['services', 'ipc', 'eval'], 'src/main/mcp sits below services/ and ipc/.').map((zone) => ({
    target: main('mcp'),
    ...zone,
  })),
  ...above(['ipc'], 'src/main/services sits below ipc/.').map((zone) => ({
    target: main('services'),
    ...zone,
  })),
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'eval/tasks/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Sources import `./x.js` for `./x.ts` (and the renderer `./X` for `./X.tsx`).
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.d.ts', '.js'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
      // The zones judge resolved paths and pass over an import that does not resolve.
      'import-x/no-unresolved': 'error',
    },
  },
  {
    // Node's built-ins resolve to no path, so no-restricted-paths cannot see them.
    files: ['src/shared/**/*.ts', 'src/renderer/**/*.{ts,tsx}'],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
);
