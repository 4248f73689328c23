import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build` writes web/dist, which `webnet serve` serves at /. `vite --config web/vite.config.ts`
// serves the SPA with hot reload and hands /api and /ws to a webnet on port 8080 (`npm run dev`
// points it at the API it starts, with WEBNET_API_URL).
const api = process.env.WEBNET_API_URL ?? 'http://localhost:8080';
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: {
    proxy: {
      '/api': api,
      '/ws': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
});
