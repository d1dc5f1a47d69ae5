import { describe, expect, test } from 'vitest';
import { loadCircuits } from '../../core/circuits.js';
import { ModuloError } from '../../core/errors.js';
import { deploymentCircuits, pickCircuit } from '../../sequencer/circuit-sizes.js';
import { matchCircuitIds } from '../../sequencer/l1/circuit-ids.js';
import { TEST_CIRCUITS } from './fixtures.js';

describe('the deployment\'s circuits', () => {
  test('every circuit of the deployment depth, smallest first, ids by circuits.json position', () => {
    expect(deploymentCircuits(TEST_CIRCUITS, 'medium').map((c) => [c.name, c.id])).toEqual([['small', 0], ['medium', 1]]);
    expect(deploymentCircuits(TEST_CIRCUITS, 'other').map((c) => c.name)).toEqual(['other']);
    expect(() => deploymentCircuits(TEST_CIRCUITS, 'nope')).toThrow(ModuloError);
  });

  test('configured ids restrict and rename', () => {
    expect(deploymentCircuits(TEST_CIRCUITS, 'medium', { medium: 7 }).map((c) => [c.name, c.id])).toEqual([['medium', 7]]);
  });

  test('the smallest circuit with room for the txs and their fee tokens; the largest when none has', () => {
    const circuits = deploymentCircuits(TEST_CIRCUITS, 'medium');
    expect(pickCircuit(circuits, 1).name).toBe('small');
    expect(pickCircuit(circuits, 2).name).toBe('small');
    expect(pickCircuit(circuits, 2, 2).name).toBe('medium'); // small has one fee slot
    expect(pickCircuit(circuits, 3).name).toBe('medium');
    expect(pickCircuit(circuits, 9).name).toBe('medium');
  });

  test('circuits.json\'s depth-32 family: up to 24 txs sealed for prod, then up to 128 for prod128 (linked)', () => {
    const circuits = deploymentCircuits(loadCircuits(), 'prod');
    expect(circuits.map((c) => [c.name, c.config.batchSize])).toEqual([['prod', 24], ['prod128', 128]]);
    expect(pickCircuit(circuits, 24).name).toBe('prod');
    expect(pickCircuit(circuits, 25).name).toBe('prod128');
    expect(pickCircuit(circuits, 128, 4).name).toBe('prod128');
  });

  test('ids come from the contract\'s registry, matched by size; unregistered circuits are left out', () => {
    const circuits = deploymentCircuits(TEST_CIRCUITS, 'medium');
    expect(matchCircuitIds(circuits, [{ id: 0, batchSize: 4, feeSlots: 2 }]).map((c) => [c.name, c.id])).toEqual([['medium', 0]]);
    expect(() => matchCircuitIds(circuits, [{ id: 0, batchSize: 16, feeSlots: 2 }])).toThrow(/none of the deployment/);
  });
});
