// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBatchVerifier} from "./IBatchVerifier.sol";
import {IBridge} from "./IBridge.sol";
import {IExodus} from "./IExodus.sol";
import {ITwoStepAdmin} from "./ITwoStepAdmin.sol";

/// @title IRollup
/// @notice The Modulo rollup on L1: batches are committed by the sequencer, proven by anyone with a Groth16
///         proof of the batch circuit and then final (docs/protocol.md §8, §9). Together with IBridge (deposits,
///         queue, claims), IExodus (escape hatch) and ITwoStepAdmin (roles) this is the whole contract.
interface IRollup is ITwoStepAdmin, IBridge, IExodus {
    /// @notice One batch circuit size (circuits/circuits.json) and its verifier. All circuits of a deployment
    ///         share its tree depth.
    struct Circuit {
        IBatchVerifier verifier;
        uint32 batchSize;
        uint32 feeSlots;
    }

    /// @notice Deployment parameters.
    /// @param depth Bits of idx in use: even, 2 ..= 32. The tree has depth / 2 quaternary levels.
    /// @param genesisStateRoot The empty tree's root Z[depth / 2] (docs/protocol.md §2); only then is every account
    ///        created by a deposit, which forcedExit takes as the proof of ownership (§10).
    /// @param forceDeadline Seconds an L1 tx may wait for a finalized batch before exodus is possible.
    /// @param maxPendingL1Txs The most L1 txs not yet consumed by a finalized batch at which deposits are still
    ///        taken; forced exits are never refused for it (at most one pending per account, docs/protocol.md §10).
    /// @param adminDelay Seconds between the two steps of an admin transfer (beginDefaultAdminTransfer, then
    ///        acceptDefaultAdminTransfer by the new admin).
    struct Config {
        uint8 depth;
        uint256 genesisStateRoot;
        uint64 forceDeadline;
        uint64 maxPendingL1Txs;
        uint64 adminDelay;
        address admin;
        address governance;
        address sequencer;
        address operator;
    }

    /// @notice What the contract keeps of a committed batch until it is proven (and after, for the record).
    /// @param publicInputHash The batch's one public input, computed by the contract (docs/protocol.md §8).
    /// @param newStateRoot The root the batch claims; the next commit's old root.
    /// @param withdrawalsKeccak keccak256 of the 40-byte withdrawal records, 0 when there are none.
    /// @param l1QueueEnd The queue index after the batch's L1 txs.
    /// @param circuitId The circuit (and verifier) the batch was committed for.
    struct Batch {
        uint256 publicInputHash;
        uint256 newStateRoot;
        bytes32 withdrawalsKeccak;
        uint64 l1QueueEnd;
        uint32 circuitId;
    }

    /// @notice A Groth16 proof as snarkjs' `exportSolidityCallData` orders it.
    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    /// @notice The depth is odd, below 2 or above 32.
    error DepthInvalid(uint8 depth);
    /// @notice The chain id does not fit in 64 bits (docs/protocol.md §1).
    error ChainIdTooLarge(uint256 chainId);
    /// @notice A deployment parameter is zero or not a field element.
    error ConfigInvalid();
    /// @notice Circuit `circuitId` has no verifier code, no slots or no fee slots.
    error CircuitInvalid(uint256 circuitId);
    /// @notice No circuit `circuitId` is registered.
    error CircuitNotFound(uint256 circuitId);
    /// @notice Commits must be in order: the next batch is `expected`.
    error BatchNumberNotNext(uint64 batchNumber, uint64 expected);
    /// @notice The new state root is not a field element.
    error StateRootNotInField(uint256 stateRoot);
    /// @notice A batch may consume at most the `pending` L1 txs not yet consumed by a committed batch.
    error L1TxCountTooLarge(uint256 l1TxCount, uint256 pending);
    /// @notice `feeIdx` must have exactly the circuit's `feeSlots` entries.
    error FeeSlotsMismatch(uint256 length, uint256 feeSlots);
    /// @notice Tx data is 12 bytes a slot (docs/protocol.md §5).
    error TxDataLengthInvalid(uint256 length);
    /// @notice `l1TxCount` L1 slots and `l2TxCount` L2 slots do not fit the circuit's `batchSize`.
    error BatchTooLarge(uint256 l1TxCount, uint256 l2TxCount, uint256 batchSize);
    /// @notice Withdrawal records are 40 bytes each (docs/protocol.md §7).
    error WithdrawalsLengthInvalid(uint256 length);
    /// @notice Withdrawal record `index` has amount 0; the circuit never emits one.
    error WithdrawalAmountZero(uint256 index);
    /// @notice Batches are proven strictly in order: the next to prove is `expected` (`lastCommitted` is the
    ///         newest committed batch).
    error BatchNotNextToProve(uint64 batchNumber, uint64 expected, uint64 lastCommitted);
    /// @notice The withdrawal records given to proveBatches are not the ones committed with the batch.
    error WithdrawalsMismatch(uint64 batchNumber, bytes32 given, bytes32 committed);
    /// @notice The verifier of the batch's circuit rejected the proof (in a settlement: the first batch whose
    ///         proof is rejected on its own).
    error InvalidProof(uint64 batchNumber);
    /// @notice A settlement holds at least one batch.
    error SettlementEmpty();
    /// @notice A settlement has one proof (and, for proveBatches, one withdrawals list) per batch.
    error SettlementLengthMismatch(uint256 batches, uint256 given);
    /// @notice Batch data is read from top-level calldata (docs/protocol.md §5): a commit must be a transaction of a
    ///         plain EOA to this contract, not a call from a contract or from an EOA's delegated (EIP-7702) code.
    error CommitNotTopLevel(address sender, address origin);
    /// @notice commitAndProveBatches' packed batches end inside a record, or go on after the last: `end` is where
    ///         the records read so far end, `length` the argument's length.
    error SettlementDataInvalid(uint256 end, uint256 length);
    /// @notice Only committed, unproven batches can be reverted: `toBatchNumber` must be in
    ///         [lastFinalized, lastCommitted).
    error RevertTargetInvalid(uint64 toBatchNumber, uint64 lastFinalized, uint64 lastCommitted);

    /// @notice Batch `batchNumber` was committed for circuit `circuitId`; it consumes the L1 queue entries
    ///         [l1QueueStart, l1QueueEnd). Tx data and withdrawal records are in the commit's calldata.
    event BatchCommitted(
        uint64 indexed batchNumber,
        uint32 indexed circuitId,
        uint256 newStateRoot,
        uint64 l1QueueStart,
        uint64 l1QueueEnd,
        uint256 publicInputHash
    );
    /// @notice commitAndProveBatches committed batches firstBatch, firstBatch + 1, … (and finalized them: one
    ///         BatchFinalized follows), the first consuming the L1 queue from `l1QueueStart`. Everything else is in
    ///         the call's calldata (how many batches, circuits, roots, queue counts, tx data, withdrawal records,
    ///         proofs): each public input follows from it and the L1 queue (docs/protocol.md §8–§9), so it is not
    ///         logged.
    event BatchesCommitted(uint64 indexed firstBatch, uint64 l1QueueStart);
    /// @notice Batch `batchNumber` was proven and is final, with every batch before it (a settlement of many
    ///         batches emits it once, for its last): `stateRoot` is the last finalized root and the L1 queue is
    ///         consumed up to `l1QueueEnd`.
    event BatchFinalized(uint64 indexed batchNumber, uint256 stateRoot, uint64 l1QueueEnd);
    /// @notice Committed, unproven batch `batchNumber` was dropped by the operator.
    event BatchReverted(uint64 indexed batchNumber);

    /// @notice Commits the next batch. Sequencer role only, as a top-level transaction of a plain EOA (every commit
    ///         entry point: CommitNotTopLevel); not in exodus. Computes the batch's public input
    ///         from storage (chain id, this address, old root, queue hashes) and the arguments, and stores it
    ///         with what proving needs. `newStateRoot` becomes the old root of the next commit.
    /// @param circuitId The circuit the batch is built for (its batchSize, feeSlots and verifier).
    /// @param batchNumber Must be lastCommittedBatch + 1, so a resent commit cannot land twice.
    /// @param l1TxCount How many of the next queued L1 txs the batch consumes, in its first slots.
    /// @param feeIdx The operator's fee accounts, exactly feeSlots of them (0 = unused).
    /// @param txData The L2 slots' data, 12 bytes each, trailing NOOPs dropped (the contract pads with zeros).
    /// @param withdrawals The batch's withdrawal records, 40 bytes each, in slot order (docs/protocol.md §7).
    function commitBatch(
        uint32 circuitId,
        uint64 batchNumber,
        uint256 newStateRoot,
        uint256 l1TxCount,
        uint32[] calldata feeIdx,
        bytes calldata txData,
        bytes calldata withdrawals
    ) external;

    /// @notice Proves and finalizes the k committed batches firstBatch .. firstBatch + k - 1 (k >= 1; one batch:
    ///         k = 1) in one transaction: each oldest committed, unproven batch in turn becomes finalized (its root
    ///         the last finalized root, its L1 txs consumed, its withdrawal records credited, in batch order),
    ///         with one batched pairing check per verifier instead of one check per proof (docs/protocol.md §9),
    ///         and one BatchFinalized, for the last batch. If any proof is bad the call reverts with InvalidProof naming
    ///         the first bad batch, and nothing is finalized. Anyone may call it; not in exodus.
    /// @param firstBatch Must be lastFinalizedBatch + 1; firstBatch + k - 1 must be committed.
    /// @param proofs proofs[i] is batch firstBatch + i's.
    /// @param withdrawals withdrawals[i] are the records committed with batch firstBatch + i.
    function proveBatches(uint64 firstBatch, Proof[] calldata proofs, bytes[] calldata withdrawals) external;

    /// @notice Commits and finalizes k new batches in one transaction (sequencer role; every earlier batch must be
    ///         finalized): the commit checks of commitBatch for each batch in turn, each built on the one before,
    ///         then one batched check per verifier (batches of different circuits may be mixed), then what
    ///         proveBatches does for each. Events: one BatchesCommitted (every batch's public input), WithdrawalCredited
    ///         per record, one BatchFinalized for the last batch. Unlike commitBatch it stores no batch record: the
    ///         last batch's root becomes lastFinalizedStateRoot (one fixed slot), the roots in between are checked from calldata, where
    ///         they also stay (docs/protocol.md §9). A bad proof reverts the whole call with InvalidProof naming the
    ///         first bad batch.
    /// @param firstBatch Must be lastCommittedBatch + 1.
    /// @param batches The batches firstBatch, firstBatch + 1, … packed, each: circuitId, l1TxCount, l2TxCount and
    ///        withdrawalCount (4 bytes each, big-endian), newStateRoot (32), the circuit's feeSlots fee idx (4 bytes
    ///        each), the L2 slots' data (12 bytes each) and the withdrawal records (40 bytes each): commitBatch's
    ///        arguments without the ABI's padding (docs/protocol.md §9; l1/settlement-calldata.ts).
    /// @param proofs proofs[i] is batch firstBatch + i's.
    function commitAndProveBatches(uint64 firstBatch, bytes calldata batches, Proof[] calldata proofs) external;

    /// @notice Drops every committed, unproven batch after `toBatchNumber`, newest first; the commit base goes
    ///         back to batch `toBatchNumber`'s root and queue position. Operator role only; not in exodus.
    function revertBatches(uint64 toBatchNumber) external;

    /// @notice A committed (or finalized) batch; all zero for one never committed or reverted. Batches settled by
    ///         commitAndProveBatches have no record, except that the last finalized batch's newStateRoot is always
    ///         given (lastFinalizedStateRoot).
    function batch(uint64 batchNumber) external view returns (Batch memory);

    /// @notice The public input stored for `batchNumber` (the commitment a proof must verify against).
    function batchCommitment(uint64 batchNumber) external view returns (uint256);

    /// @notice The circuit registered as `circuitId`.
    function circuit(uint32 circuitId) external view returns (Circuit memory);

    /// @notice How many circuits are registered (ids 0 .. count - 1).
    function circuitCount() external view returns (uint32);

    /// @notice The newest committed batch (0 before the first commit; batch 0 is genesis).
    function lastCommittedBatch() external view returns (uint64);

    /// @notice The newest finalized batch (0 before the first proof).
    function lastFinalizedBatch() external view returns (uint64);

    /// @notice The root of the newest committed batch: the old root of the next commit.
    function lastCommittedStateRoot() external view returns (uint256);

    /// @notice The root of the newest finalized batch: what exodus withdrawals prove against.
    function lastFinalizedStateRoot() external view returns (uint256);

    /// @notice The first queue index not consumed by a committed batch.
    function l1QueueCommitted() external view returns (uint64);

    /// @notice The first queue index not consumed by a finalized batch.
    function l1QueueFinalized() external view returns (uint64);

    /// @notice Tree depth in bits of idx.
    function depth() external view returns (uint8);

    /// @notice Seconds an L1 tx may wait for a finalized batch before exodus.
    function forceDeadline() external view returns (uint64);

    /// @notice The most L1 txs pending (queued, not consumed by a finalized batch).
    function maxPendingL1Txs() external view returns (uint64);
}
