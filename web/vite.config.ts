import { defineConfig } from 'vite';

// The page is built into the service's static folder; the service serves it at /. No plugin is needed: esbuild
// compiles TSX with React's automatic runtime.
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../src/Fortress.Web/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5080' } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
