/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import tailwindcss from '@tailwindcss/vite'

// In development the API runs on :8000 (`edusphere serve`); the dev server proxies to it so the
// app is same-origin exactly as in production, where EduSphere (or Nginx) serves `dist/`.
const api = process.env.EDUSPHERE_API ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [vue(), tailwindcss()],
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  server: {
    proxy: {
      '/graphql': { target: api },
      '/media': { target: api },
      '/_dev': { target: api }, // the development Mailbox's message pages
      '/unsubscribe': { target: api },
      '/ws': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
  build: { sourcemap: true },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
    restoreMocks: true,
    // jsdom is a browser: use tus-js-client's browser build (Blob files, XMLHttpRequest), as Vite does.
    alias: [{ find: /^tus-js-client$/, replacement: 'tus-js-client/lib.esm/browser/index.js' }],
  },
})
