import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CircuitConfig } from './build-batch.js';
import { ModuloError } from './errors.js';

export type CircuitName = 'test' | 'dev' | 'prod' | 'prod128';

/**
 * How the circuit's constraint system is built: `whole` (the default), one circom compile of the batch;
 * `linked`, its parts compiled apart and linked at the R1CS level, for batches past circom2's compile
 * ceiling (docs/setup.md, "Linked circuits"). Both prove the same statement.
 */
export type CircuitForm = 'whole' | 'linked';

export interface CircuitEntry extends CircuitConfig {
  readonly form?: CircuitForm;
}

export interface CircuitsFile {
  readonly widths: Readonly<Record<string, number>>;
  readonly circuits: Readonly<Record<CircuitName, CircuitEntry>>;
}

const CIRCUITS_JSON = fileURLToPath(new URL('../circuits/circuits.json', import.meta.url));

/** circuits/circuits.json: the one place batch sizes and tree depth are chosen. */
export function loadCircuits(path = CIRCUITS_JSON): CircuitsFile {
  return JSON.parse(readFileSync(path, 'utf8')) as CircuitsFile;
}

export function circuitConfig(name: CircuitName, file = loadCircuits()): CircuitEntry {
  const config = file.circuits[name];
  if (!config) throw new ModuloError('MALFORMED', `no circuit configuration named ${name}`);
  return config;
}
