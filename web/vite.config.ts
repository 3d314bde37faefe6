// The browser UI: `npm run build:web` writes web/dist, which the HTTP server serves; `npx vite --config
// web/vite.config.ts` serves it with hot reload and sends /api to a running `troupe serve` on port 7777.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:7777', changeOrigin: false } } },
});
