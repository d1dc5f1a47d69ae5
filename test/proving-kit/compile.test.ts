import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCircuits } from '../../core/circuits.js';
import { compileCircuit, readR1csHeader } from '../../proving-kit/compile.js';
import { CONFIG, testCircuit } from '../circuits/helpers.js';

/** proving-kit/compile.ts: the main component comes from circuits.json, outputs are cached by content. */

describe('compileCircuit', () => {
  test('generates the main component from circuits.json, with publicInputHash its one public input', async () => {
    const { compiled } = await testCircuit();
    const main = await readFile(join(compiled.dir, 'main.circom'), 'utf8');
    const { depth, batchSize, feeSlots } = loadCircuits().circuits.test;
    expect(main).toContain(`component main {public [publicInputHash]} = BatchCircuit(${depth}, ${batchSize}, ${feeSlots});`);
    const header = await readR1csHeader(compiled.r1cs);
    expect(header.nPubInputs).toBe(1);
    expect(header.nConstraints).toBe(compiled.constraints);
  });

  test('the test configuration has 208,255 constraints (pinned; see circuits/README.md)', async () => {
    const { compiled } = await testCircuit();
    expect(CONFIG).toEqual({ depth: 8, batchSize: 4, feeSlots: 2 });
    expect(compiled.constraints).toBe(208_255);
  });

  test('a second compile of unchanged sources is a cache hit', async () => {
    const first = (await testCircuit()).compiled;
    const before = await stat(join(first.dir, 'stamp.json'));
    const started = Date.now();
    const again = await compileCircuit('test', { log: () => {} });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(again).toEqual(first);
    expect((await stat(join(first.dir, 'stamp.json'))).mtimeMs).toBe(before.mtimeMs);
  });

  test('refuses a name circuits.json does not define, unless sizes are given', async () => {
    await expect(compileCircuit('no-such-circuit')).rejects.toThrow(/no circuit named no-such-circuit/);
    await expect(compileCircuit('bad', { config: { depth: 7, batchSize: 1, feeSlots: 1 } })).rejects.toThrow(/depth must be even/);
  });
});
