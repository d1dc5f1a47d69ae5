/**
 * What the auditor reads of the Rollup (contracts/interfaces/IRollup.sol, IBridge.sol): events, the calls whose
 * calldata carries the batches, and views. Its own copy, so an auditor needs no build of this repository's
 * contracts; a test checks each fragment against the compiled artifact.
 */
export const AUDIT_ROLLUP_ABI = [
  'event L1TxQueued(uint256 indexed queueIndex, uint8 txType, uint32 indexed idx, uint32 tokenId, uint128 amount, address indexed ethAddr, uint256 ax, uint256 ay, uint256 l1QueueHash)',
  'event BatchCommitted(uint64 indexed batchNumber, uint32 indexed circuitId, uint256 newStateRoot, uint64 l1QueueStart, uint64 l1QueueEnd, uint256 publicInputHash)',
  'event BatchFinalized(uint64 indexed batchNumber, uint256 stateRoot, uint64 l1QueueEnd)',
  'event BatchReverted(uint64 indexed batchNumber)',
  'function commitBatch(uint32 circuitId, uint64 batchNumber, uint256 newStateRoot, uint256 l1TxCount, uint32[] feeIdx, bytes txData, bytes withdrawals)',
  'function proveBatch(uint64 batchNumber, tuple(uint256[2] a, uint256[2][2] b, uint256[2] c) proof, bytes withdrawals)',
  'function commitAndProveBatch(uint32 circuitId, uint64 batchNumber, uint256 newStateRoot, uint256 l1TxCount, uint32[] feeIdx, bytes txData, bytes withdrawals, tuple(uint256[2] a, uint256[2][2] b, uint256[2] c) proof)',
  'function batch(uint64 batchNumber) view returns (tuple(uint256 publicInputHash, uint256 newStateRoot, bytes32 withdrawalsKeccak, uint64 l1QueueEnd, uint32 circuitId))',
  'function circuit(uint32 circuitId) view returns (tuple(address verifier, uint32 batchSize, uint32 feeSlots))',
  'function circuitCount() view returns (uint32)',
  'function depth() view returns (uint8)',
  'function lastCommittedBatch() view returns (uint64)',
  'function lastFinalizedBatch() view returns (uint64)',
  'function lastCommittedStateRoot() view returns (uint256)',
  'function lastFinalizedStateRoot() view returns (uint256)',
  'function l1QueueLength() view returns (uint64)',
] as const;
