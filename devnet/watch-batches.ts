import { PATHS } from '../api/paths.js';
import type { StateView } from '../api/state.js';

export type BatchEvent = { readonly kind: 'sealed' | 'committed' | 'finalized'; readonly batchNumber: number };

/**
 * Polls the sequencer's /v1/state and tells each batch that got sealed, committed or finalized since the
 * last poll (what `modulo devnet` prints while it runs). Returns a function that stops it.
 */
export function watchBatches(sequencerUrl: string, onEvent: (e: BatchEvent) => void, pollMs = 1_000): () => void {
  let last: StateView['batches'] | null = null;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const state = (await (await fetch(`${sequencerUrl}${PATHS.state}`, { signal: AbortSignal.timeout(5_000) })).json()) as StateView;
      const b = state.batches;
      const from = last ?? b;
      for (const kind of ['sealed', 'committed', 'finalized'] as const) {
        const key = kind === 'sealed' ? 'lastSealed' : kind === 'committed' ? 'lastCommitted' : 'lastFinalized';
        for (let n = from[key] + 1; n <= b[key]; n++) onEvent({ kind, batchNumber: n });
      }
      last = b;
    } catch {
      // the sequencer is restarting or stopping
    } finally {
      busy = false;
    }
  }, pollMs);
  return () => clearInterval(timer);
}
