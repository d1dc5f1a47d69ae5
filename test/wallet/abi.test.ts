import { Fragment, Interface } from 'ethers';
import { describe, expect, test } from 'vitest';
import { AUDIT_ROLLUP_ABI } from '../../audit/rollup-abi.js';
import { artifactRollupAbi, WALLET_ROLLUP_FUNCTIONS } from '../../wallet/rollup-abi.js';

const compiled = artifactRollupAbi();

/** The wallet's and the auditor's own copies of the Rollup interface must be the contract's. */
describe.skipIf(compiled === null)('the built-in Rollup fragments', () => {
  const artifact = new Interface(compiled!);
  test.each([...WALLET_ROLLUP_FUNCTIONS, ...AUDIT_ROLLUP_ABI])('%s is in the compiled artifact', (text) => {
    const fragment = Fragment.from(text);
    const name = 'name' in fragment ? (fragment as { name: string }).name : '';
    const found = fragment.type === 'event' ? artifact.getEvent(name) : artifact.getFunction(name);
    expect(found?.format('full')).toBe(fragment.format('full'));
  });
});
