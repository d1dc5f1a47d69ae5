import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `make explorer`: bundles the explorer (its code, core's, snarkjs and uPlot: nothing is fetched from a
 * CDN at run time) into build/explorer/, which the sequencer serves under /explorer/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../build/explorer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // snarkjs (the verifier worker's chunk, loaded only on "verify") is ~1 MB.
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
});
