import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Monaco's TypeScript language service (a 7 MB worker) is replaced by an empty module: the window only
 * views and reviews code, and its diagnostics would flag every unresolved import. Syntax colouring for
 * TypeScript comes from Monaco's basic languages and stays.
 */
function monacoWithoutTypeScriptService(): Plugin {
  const service = /monaco-editor[\\/]esm[\\/]vs[\\/]languages[\\/]features[\\/]typescript[\\/]register\.js$/;
  return {
    name: 'monaco-without-typescript-service',
    enforce: 'pre',
    load: (id) => (service.test(id) ? 'export {};' : null),
  };
}

/**
 * `npm run dev` only: React's hot reload injects an inline script and talks to Vite over a websocket,
 * which the window's CSP forbids. The built app keeps the strict policy.
 */
function devServerCsp(): Plugin {
  return {
    name: 'dev-server-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The headless runner is built beside the window's main process; it never imports electron.
        input: { index: resolve('src/main/index.ts'), cli: resolve('src/main/cli.ts') },
        external: ['node-llama-cpp'],
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
      // electron-vite leaves output unminified by default; the window parses less before first paint.
      minify: true,
      // Monaco's editor chunk is large by nature; it loads lazily, after the first paint.
      chunkSizeWarningLimit: 3000,
    },
    plugins: [react(), monacoWithoutTypeScriptService(), devServerCsp()],
  },
});
