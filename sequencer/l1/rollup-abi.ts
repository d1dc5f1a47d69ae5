import { existsSync, readFileSync } from 'node:fs';
import type { InterfaceAbi } from 'ethers';

/**
 * The part of the Rollup contract the sequencer uses, as contracts/interfaces/IRollup.sol and
 * IBridge.sol declare it. The compiled artifact's ABI is preferred when it exists (it is the truth);
 * this copy lets the sequencer build and be tested before the contracts are compiled.
 */
export const ROLLUP_ABI = [
  'event L1TxQueued(uint256 indexed queueIndex, uint8 txType, uint32 indexed idx, uint32 tokenId, uint128 amount, address indexed ethAddr, uint256 ax, uint256 ay, uint256 l1QueueHash)',
  'event BatchCommitted(uint64 indexed batchNumber, uint32 indexed circuitId, uint256 newStateRoot, uint64 l1QueueStart, uint64 l1QueueEnd, uint256 publicInputHash)',
  'event BatchFinalized(uint64 indexed batchNumber, uint256 stateRoot, uint64 l1QueueEnd)',
  'function commitBatch(uint32 circuitId, uint64 batchNumber, uint256 newStateRoot, uint256 l1TxCount, uint32[] feeIdx, bytes txData, bytes withdrawals)',
  'function proveBatch(uint64 batchNumber, tuple(uint256[2] a, uint256[2][2] b, uint256[2] c) proof, bytes withdrawals)',
  'function batch(uint64 batchNumber) view returns (tuple(uint256 publicInputHash, uint256 newStateRoot, bytes32 withdrawalsKeccak, uint64 l1QueueEnd, uint32 circuitId))',
  'function circuit(uint32 circuitId) view returns (tuple(address verifier, uint32 batchSize, uint32 feeSlots))',
  'function circuitCount() view returns (uint32)',
  'function lastCommittedBatch() view returns (uint64)',
  'function lastFinalizedBatch() view returns (uint64)',
  'function l1QueueLength() view returns (uint64)',
] as const;

export const ROLLUP_ARTIFACT = 'artifacts/contracts/Rollup.sol/Rollup.json';

/** The ABI from a Hardhat artifact at `path` if it exists, else the built-in one. */
export function rollupAbi(path: string | null = ROLLUP_ARTIFACT): InterfaceAbi {
  if (path !== null && existsSync(path)) return (JSON.parse(readFileSync(path, 'utf8')) as { abi: InterfaceAbi }).abi;
  return ROLLUP_ABI;
}
