import { ModuloError } from '../../core/errors.js';
import type { BatchCircuit } from '../circuit-sizes.js';
import type { RegisteredCircuit } from './l1-client.js';

/**
 * Gives each local circuit the id the contract registered it under (same batchSize and feeSlots).
 * A local circuit the contract does not know is dropped: a batch for it could never be committed.
 */
export function matchCircuitIds(local: readonly BatchCircuit[], registered: readonly RegisteredCircuit[]): BatchCircuit[] {
  const matched = local.flatMap((c) => {
    const r = registered.find((x) => x.batchSize === c.config.batchSize && x.feeSlots === c.config.feeSlots);
    return r === undefined ? [] : [{ ...c, id: r.id }];
  });
  if (matched.length === 0) {
    throw new ModuloError('L1_MISMATCH', 'none of the deployment\'s circuits is registered on the Rollup contract', {
      local: local.map((c) => c.name),
    });
  }
  return matched;
}
