/**
 * The workbench build. Vite 8 transforms TSX itself (automatic JSX runtime), so no React plugin is
 * needed for the production build; `npm run dev:web` proxies the API so the UI can be worked on alone.
 */
import { defineConfig } from 'vitest/config';

const api = process.env.HANDOVER_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The budget is on initial JavaScript (bench/web.ts); heavy, rarely used code (exceljs, 0.9 MB) is split out.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // Libraries mark their modules "use client" for React Server Components, which this app does not use.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/api', '/openapi.json', '/docs', '/healthz', '/readyz'].map((p) => [p, { target: api, changeOrigin: true }])),
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
