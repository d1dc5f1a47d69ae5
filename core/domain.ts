import { CHAIN_ID_BITS, ETH_ADDR_BITS } from './constants.js';
import { assertBits } from './bits.js';
import type { RollupDomain } from './tx.js';

export function assertDomain(domain: RollupDomain): void {
  assertBits(domain.chainId, CHAIN_ID_BITS, 'chainId');
  assertBits(domain.rollupAddress, ETH_ADDR_BITS, 'rollupAddress');
}
