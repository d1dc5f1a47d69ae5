// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBatchVerifier} from "./interfaces/IBatchVerifier.sol";
import {IRollup} from "./interfaces/IRollup.sol";
import {BatchProofs} from "./libraries/BatchProofs.sol";
import {ProtocolConstants} from "./libraries/ProtocolConstants.sol";
import {PublicInput} from "./libraries/PublicInput.sol";
import {WithdrawalRecords} from "./libraries/WithdrawalRecords.sol";
import {Bridge} from "./Bridge.sol";
import {Exodus} from "./Exodus.sol";
import {PackedSettlement} from "./PackedSettlement.sol";
import {RollupStorage} from "./RollupStorage.sol";

/// @title Rollup
/// @notice The Modulo rollup: batch lifecycle (commit, prove = finalize, revert) on top of the bridge and the
///         exodus hatch, and its views. See IRollup and docs/protocol.md §8–§10. commitAndProveBatches' packed
///         batches are read by PackedSettlement.
contract Rollup is RollupStorage, Bridge, Exodus, PackedSettlement, IRollup {
    /// @param config Depth, genesis root, deadline, queue bound and role holders (IRollup.Config).
    /// @param circuits The batch circuits; circuitId is the position in this list. Fixed for the deployment:
    ///        a verifier is the rollup's trust root, so it cannot be swapped after the fact.
    constructor(Config memory config, Circuit[] memory circuits) RollupStorage(config) {
        if (circuits.length == 0) revert CircuitNotFound(0);
        for (uint256 i = 0; i < circuits.length; ++i) {
            Circuit memory c = circuits[i];
            if (address(c.verifier).code.length == 0 || c.batchSize == 0 || c.feeSlots == 0) revert CircuitInvalid(i);
            _circuits.push(c);
        }
    }

    /// @inheritdoc IRollup
    function commitBatch(
        uint32 circuitId,
        uint64 batchNumber,
        uint256 newStateRoot,
        uint256 l1TxCount,
        uint32[] calldata feeIdx,
        bytes calldata txData,
        bytes calldata withdrawals
    ) external onlyRole(SEQUENCER_ROLE) {
        _commit(circuitId, batchNumber, newStateRoot, l1TxCount, feeIdx, txData, withdrawals);
    }

    /// @inheritdoc IRollup
    function proveBatches(uint64 firstBatch, Proof[] calldata proofs, bytes[] calldata withdrawals) external {
        uint256 k = proofs.length;
        if (k == 0) revert SettlementEmpty();
        if (withdrawals.length != k) revert SettlementLengthMismatch(k, withdrawals.length);
        QueueState memory queue = _queue;
        if (queue.exodus) revert ExodusActive();
        BatchState memory state = _batchState;
        uint64 last = firstBatch + uint64(k - 1);
        if (firstBatch != state.lastFinalized + 1 || last > state.lastCommitted) {
            revert BatchNotNextToProve(firstBatch == state.lastFinalized + 1 ? last : firstBatch, state.lastFinalized + 1, state.lastCommitted);
        }
        IBatchVerifier[] memory verifiers = new IBatchVerifier[](k);
        uint256[] memory inputs = new uint256[](k);
        for (uint256 i = 0; i < k; ++i) {
            Batch storage committed = _batches[firstBatch + uint64(i)];
            bytes32 given = WithdrawalRecords.digest(withdrawals[i]);
            if (given != committed.withdrawalsKeccak) {
                revert WithdrawalsMismatch(firstBatch + uint64(i), given, committed.withdrawalsKeccak);
            }
            verifiers[i] = _circuits[committed.circuitId].verifier;
            inputs[i] = committed.publicInputHash;
        }
        BatchProofs.verify(firstBatch, proofs, verifiers, inputs);

        state.lastFinalized = last;
        _batchState = state;
        Batch storage lastBatch = _batches[last];
        queue.finalized = lastBatch.l1QueueEnd;
        _queue = queue;
        uint256 root = lastBatch.newStateRoot;
        _finalizedRoot = root;
        for (uint256 i = 0; i < k; ++i) {
            _creditWithdrawals(firstBatch + uint64(i), withdrawals[i]);
        }
        emit BatchFinalized(last, root, queue.finalized);
    }

    /// @inheritdoc IRollup
    function commitAndProveBatches(uint64 firstBatch, bytes calldata batches, Proof[] calldata proofs)
        external
        onlyRole(SEQUENCER_ROLE)
    {
        uint256 k = proofs.length;
        if (k == 0) revert SettlementEmpty();
        BatchState memory state = _batchState;
        if (state.lastFinalized != state.lastCommitted) {
            revert BatchNotNextToProve(firstBatch, state.lastFinalized + 1, state.lastCommitted);
        }
        Tip memory tip = _committedTip();
        if (firstBatch != tip.batchNumber + 1) revert BatchNumberNotNext(firstBatch, tip.batchNumber + 1);
        uint64 l1QueueStart = tip.l1QueueEnd;
        (IBatchVerifier[] memory verifiers, uint256[] memory inputs) = _commitPacked(tip, batches, k);
        BatchProofs.verify(firstBatch, proofs, verifiers, inputs);
        emit BatchesCommitted(firstBatch, l1QueueStart);

        // Only the last batch's root is stored, in _finalizedRoot: the base of the next commit and exodus's root
        // (its queue end is the finalized queue position, which revertBatches reads from there).
        _finalizedRoot = tip.stateRoot;
        state.lastCommitted = tip.batchNumber;
        state.lastFinalized = tip.batchNumber;
        state.l1QueueCommitted = tip.l1QueueEnd;
        _batchState = state;
        _queue.finalized = tip.l1QueueEnd;
        emit BatchFinalized(tip.batchNumber, tip.stateRoot, tip.l1QueueEnd);
    }


    function _commit(
        uint32 circuitId,
        uint64 batchNumber,
        uint256 newStateRoot,
        uint256 l1TxCount,
        uint32[] calldata feeIdx,
        bytes calldata txData,
        bytes calldata withdrawals
    ) private {
        Tip memory tip = _committedTip();
        (Batch memory committed, Circuit memory c) =
            _checkCommit(tip, circuitId, batchNumber, newStateRoot, l1TxCount, feeIdx.length, txData.length);
        committed.withdrawalsKeccak = WithdrawalRecords.digest(withdrawals);
        committed.publicInputHash = _publicInputHash(committed, tip, c.batchSize, feeIdx, txData, withdrawals);
        _advance(tip, committed);
        _batches[batchNumber] = committed;
        BatchState memory state = _batchState;
        state.lastCommitted = batchNumber;
        state.l1QueueCommitted = committed.l1QueueEnd;
        _batchState = state;
    }

    /// @inheritdoc IRollup
    function revertBatches(uint64 toBatchNumber) external onlyRole(OPERATOR_ROLE) {
        _requireNotExodus();
        BatchState memory state = _batchState;
        if (toBatchNumber < state.lastFinalized || toBatchNumber >= state.lastCommitted) {
            revert RevertTargetInvalid(toBatchNumber, state.lastFinalized, state.lastCommitted);
        }
        for (uint64 n = state.lastCommitted; n > toBatchNumber; --n) {
            delete _batches[n];
            emit BatchReverted(n);
        }
        state.lastCommitted = toBatchNumber;
        // A batch settled by commitAndProveBatches keeps no queue end; the last finalized one is _queue.finalized.
        state.l1QueueCommitted = toBatchNumber == state.lastFinalized ? _queue.finalized : _batches[toBatchNumber].l1QueueEnd;
        _batchState = state;
    }

    /// @inheritdoc IRollup
    function batch(uint64 batchNumber) external view returns (Batch memory b) {
        b = _batches[batchNumber];
        if (batchNumber == _batchState.lastFinalized) b.newStateRoot = _finalizedRoot;
    }

    /// @inheritdoc IRollup
    function batchCommitment(uint64 batchNumber) external view returns (uint256) {
        return _batches[batchNumber].publicInputHash;
    }

    /// @inheritdoc IRollup
    function circuit(uint32 circuitId) external view returns (Circuit memory) {
        return _circuit(circuitId);
    }

    /// @inheritdoc IRollup
    function circuitCount() external view returns (uint32) {
        return uint32(_circuits.length);
    }

    /// @inheritdoc IRollup
    function lastCommittedBatch() external view returns (uint64) {
        return _batchState.lastCommitted;
    }

    /// @inheritdoc IRollup
    function lastFinalizedBatch() external view returns (uint64) {
        return _batchState.lastFinalized;
    }

    /// @inheritdoc IRollup
    function lastCommittedStateRoot() external view returns (uint256) {
        return _committedRoot(_batchState);
    }

    /// @inheritdoc IRollup
    function lastFinalizedStateRoot() external view returns (uint256) {
        return _finalizedRoot;
    }

    /// @inheritdoc IRollup
    function l1QueueCommitted() external view returns (uint64) {
        return _batchState.l1QueueCommitted;
    }

    /// @inheritdoc IRollup
    function l1QueueFinalized() external view returns (uint64) {
        return _queue.finalized;
    }

    /// @inheritdoc IRollup
    function depth() external view returns (uint8) {
        return _depth;
    }

    /// @inheritdoc IRollup
    function forceDeadline() external view returns (uint64) {
        return _forceDeadline;
    }

    /// @inheritdoc IRollup
    function maxPendingL1Txs() external view returns (uint64) {
        return _maxPendingL1Txs;
    }


    /// @dev The newest committed batch, which the next commit builds on.
    function _committedTip() private view returns (Tip memory) {
        BatchState memory state = _batchState;
        return Tip({
            batchNumber: state.lastCommitted,
            l1QueueEnd: state.l1QueueCommitted,
            stateRoot: _committedRoot(state),
            l1QueueHash: _l1QueueHash[state.l1QueueCommitted]
        });
    }

    /// @dev The last committed batch's root: _finalizedRoot when it is finalized (it may have no record).
    function _committedRoot(BatchState memory state) private view returns (uint256) {
        return state.lastCommitted == state.lastFinalized ? _finalizedRoot : _batches[state.lastCommitted].newStateRoot;
    }

    /// @dev Checks a commit onto `tip` against circuit `circuitId`; returns the batch record but its hashes, and
    ///      the circuit.
    function _checkCommit(
        Tip memory tip,
        uint32 circuitId,
        uint64 batchNumber,
        uint256 newStateRoot,
        uint256 l1TxCount,
        uint256 feeIdxLength,
        uint256 txDataLength
    ) private view returns (Batch memory committed, Circuit memory c) {
        _requireNotExodus();
        _requireTopLevelCall();
        if (batchNumber != tip.batchNumber + 1) revert BatchNumberNotNext(batchNumber, tip.batchNumber + 1);
        if (newStateRoot >= FIELD_MODULUS) revert StateRootNotInField(newStateRoot);
        c = _circuit(circuitId);
        uint256 pending = _queue.length - tip.l1QueueEnd;
        if (l1TxCount > pending) revert L1TxCountTooLarge(l1TxCount, pending);
        if (feeIdxLength != c.feeSlots) revert FeeSlotsMismatch(feeIdxLength, c.feeSlots);
        if (txDataLength % ProtocolConstants.L2_TX_BYTES != 0) revert TxDataLengthInvalid(txDataLength);
        uint256 l2TxCount = txDataLength / ProtocolConstants.L2_TX_BYTES;
        if (l1TxCount + l2TxCount > c.batchSize) revert BatchTooLarge(l1TxCount, l2TxCount, c.batchSize);
        committed.newStateRoot = newStateRoot;
        committed.l1QueueEnd = tip.l1QueueEnd + uint64(l1TxCount);
        committed.circuitId = circuitId;
    }

    /// @dev The public input (docs/protocol.md §8) of the batch `committed` on top of `tip`. The old root and the
    ///      queue hashes come from storage (through `tip`), never from calldata; the L2 tx data follows the
    ///      batch's zero L1 slots.
    function _publicInputHash(
        Batch memory committed,
        Tip memory tip,
        uint256 batchSize,
        uint32[] calldata feeIdx,
        bytes calldata txData,
        bytes calldata withdrawals
    ) private view returns (uint256) {
        if (block.chainid >> ProtocolConstants.CHAIN_ID_BITS != 0) revert ChainIdTooLarge(block.chainid);
        PublicInput.Header memory header = PublicInput.Header({
            chainId: uint64(block.chainid),
            rollupAddress: address(this),
            batchNumber: tip.batchNumber + 1,
            oldStateRoot: tip.stateRoot,
            newStateRoot: committed.newStateRoot,
            l1QueueStartHash: tip.l1QueueHash,
            l1QueueEndHash: _l1QueueHash[committed.l1QueueEnd],
            withdrawalsHash: WithdrawalRecords.hash(withdrawals)
        });
        PublicInput.Slots memory slots = PublicInput.Slots(committed.l1QueueEnd - tip.l1QueueEnd, batchSize);
        return PublicInput.hash(header, feeIdx, txData, slots);
    }

    /// @dev Announces the batch `committed` on top of `tip` and makes it the tip.
    function _advance(Tip memory tip, Batch memory committed) private {
        emit BatchCommitted(
            tip.batchNumber + 1,
            committed.circuitId,
            committed.newStateRoot,
            tip.l1QueueEnd,
            committed.l1QueueEnd,
            committed.publicInputHash
        );
        tip.batchNumber += 1;
        tip.l1QueueEnd = committed.l1QueueEnd;
        tip.stateRoot = committed.newStateRoot;
        tip.l1QueueHash = _l1QueueHash[committed.l1QueueEnd];
    }

    function _circuit(uint32 circuitId) private view returns (Circuit memory) {
        if (circuitId >= _circuits.length) revert CircuitNotFound(circuitId);
        return _circuits[circuitId];
    }
}
