import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InterfaceAbi } from 'ethers';
import { contractErrorDocs } from './contract-errors.js';
import { ROOT } from './network.js';

/**
 * The part of IRollup / IBridge the wallet calls, as contracts/interfaces/ declare it (a test checks every
 * fragment against the compiled artifact), with the custom errors read from the same interfaces so reverts
 * decode even where the contracts were never compiled.
 */
export const WALLET_ROLLUP_FUNCTIONS = [
  'function deposit(uint32 tokenId, uint256 amount, uint256 ax, uint256 ay) payable returns (uint32 idx)',
  'function depositTo(uint32 idx, uint32 tokenId, uint256 amount) payable',
  'function forcedExit(uint32 idx)',
  'function claim(uint32 tokenId)',
  'function credit(address ethAddr, uint32 tokenId) view returns (uint256)',
  'function tokenAddress(uint32 tokenId) view returns (address)',
  'function tokenCount() view returns (uint32)',
  'function l1QueueLength() view returns (uint64)',
  'function l1QueueCommitted() view returns (uint64)',
  'function l1QueueFinalized() view returns (uint64)',
  'function lastCommittedBatch() view returns (uint64)',
  'function lastFinalizedBatch() view returns (uint64)',
  'event L1TxQueued(uint256 indexed queueIndex, uint8 txType, uint32 indexed idx, uint32 tokenId, uint128 amount, address indexed ethAddr, uint256 ax, uint256 ay, uint256 l1QueueHash)',
  'event Claimed(address indexed ethAddr, uint32 indexed tokenId, uint256 amount)',
] as const;

export const ERC20_ABI = [
  'function approve(address spender, uint256 amount) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function balanceOf(address owner) view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
] as const;

export function walletRollupAbi(): InterfaceAbi {
  return [...WALLET_ROLLUP_FUNCTIONS, ...contractErrorDocs().map((d) => d.declaration)];
}

/** The compiled Rollup ABI (tests compare the wallet's fragments with it). */
export function artifactRollupAbi(root = ROOT): InterfaceAbi | null {
  const path = join(root, 'artifacts', 'contracts', 'Rollup.sol', 'Rollup.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { abi: InterfaceAbi }).abi : null;
}
