import type uPlot from 'uplot';
import type { Series } from './api.js';

/** uPlot's columns from the series: [times in s], then one column per line. */
export function throughputData(s: Series): uPlot.AlignedData {
  return [s.buckets.map((b) => b.t / 1000), s.buckets.map((b) => b.l2Txs), s.buckets.map((b) => b.l1Txs)];
}

export function proofTimeData(s: Series): uPlot.AlignedData {
  const proofs = [...s.proofs].sort((a, b) => a.provenAt - b.provenAt);
  return [[s.from / 1000, ...proofs.map((p) => p.provenAt / 1000), s.to / 1000], [null, ...proofs.map((p) => p.ms / 1000), null]];
}
