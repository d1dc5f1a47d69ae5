import { Interface } from 'ethers';
import { ERC20_ABI, ROLLUP_ABI } from './generated/abi.js';

/**
 * The settlement contracts as TypeScript sees them: the ABIs come from the Hardhat build through the
 * committed module l1/generated/abi.ts (l1/generate-abi.ts says why it is committed, and how it is kept
 * fresh), so the sequencer, the wallet and the auditor call exactly what contracts/ declares, with or
 * without a local build.
 */
export { ERC20_ABI, ROLLUP_ABI };

/** Encodes the Rollup's calls, decodes its calldata, logs (l1/rollup-events.ts) and views. */
export const rollupInterface = new Interface(ROLLUP_ABI);
