import type { CircuitConfig } from '../core/build-batch.js';
import type { CircuitsFile } from '../core/circuits.js';
import { ModuloError } from '../core/errors.js';

/** A batch circuit the sequencer may seal for: its name (circuits.json), its id on L1 and its sizes. */
export interface BatchCircuit {
  readonly name: string;
  readonly id: number;
  readonly config: CircuitConfig;
}

/**
 * The circuits of a deployment: every entry of circuits.json with the depth of the named one, smallest
 * batch first. `ids` maps names to the contract's circuitId; by default a circuit's id is its position
 * in circuits.json (the order the deploy script registers them in).
 */
export function deploymentCircuits(file: CircuitsFile, deploymentName: string, ids: Readonly<Record<string, number>> = {}): BatchCircuit[] {
  const entries = Object.entries(file.circuits) as Array<[string, CircuitConfig]>;
  const deployment = entries.find(([name]) => name === deploymentName);
  if (deployment === undefined) throw new ModuloError('MALFORMED', `no circuit named ${deploymentName} in circuits.json`);
  const depth = deployment[1].depth;
  return entries
    .map(([name, config], position) => ({ name, id: ids[name] ?? position, config }))
    .filter((c) => c.config.depth === depth && (Object.keys(ids).length === 0 || c.name in ids))
    .sort((a, b) => a.config.batchSize - b.config.batchSize);
}

/** The smallest circuit with room for `txCount` txs and `feeTokens` fee slots; the largest if none has. */
export function pickCircuit(circuits: readonly BatchCircuit[], txCount: number, feeTokens = 0): BatchCircuit {
  const fit = circuits.find((c) => c.config.batchSize >= txCount && c.config.feeSlots >= feeTokens);
  const largest = circuits[circuits.length - 1];
  if (largest === undefined) throw new ModuloError('MALFORMED', 'no batch circuit configured');
  return fit ?? largest;
}

export function largestBatchSize(circuits: readonly BatchCircuit[]): number {
  return Math.max(...circuits.map((c) => c.config.batchSize));
}
