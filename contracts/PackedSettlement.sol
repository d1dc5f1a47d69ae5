// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBatchVerifier} from "./interfaces/IBatchVerifier.sol";
import {IBridge} from "./interfaces/IBridge.sol";
import {IRollup} from "./interfaces/IRollup.sol";
import {ProtocolConstants} from "./libraries/ProtocolConstants.sol";
import {PublicInput} from "./libraries/PublicInput.sol";
import {WithdrawalRecords} from "./libraries/WithdrawalRecords.sol";
import {RollupStorage} from "./RollupStorage.sol";

/// @title PackedSettlement
/// @notice The reader of commitAndProveBatches' packed batches (docs/protocol.md §9; l1/settlement-calldata.ts writes
///         them): it commits each record onto the tip in memory, with commitBatch's checks, and returns what each
///         proof is checked with; Rollup verifies the proofs and stores the result. Also what this reader shares with
///         Rollup: the Tip that both commit paths build on, and the crediting of withdrawals (proveBatches credits too).
abstract contract PackedSettlement is RollupStorage {
    /// @dev The newest committed batch as the next commit sees it: its number, queue end, root and queue hash; both
    ///      commit paths build on it (Rollup's commitBatch and the packed records here). _commitFast reads and writes
    ///      its fields by offset (32 bytes each in memory, in this order): keep the order.
    struct Tip {
        uint64 batchNumber;
        uint64 l1QueueEnd;
        uint256 stateRoot;
        uint256 l1QueueHash;
    }

    /// @dev Credits each record to its ethAddr; the records are the committed ones (checked by keccak256).
    function _creditWithdrawals(uint64 batchNumber, bytes calldata withdrawals) internal {
        uint256 n = WithdrawalRecords.count(withdrawals);
        for (uint256 i = 0; i < n; ++i) {
            (address ethAddr, uint32 tokenId, uint128 amount) = WithdrawalRecords.at(withdrawals, i);
            _credit(ethAddr, tokenId, amount);
            emit IBridge.WithdrawalCredited(ethAddr, tokenId, amount, batchNumber);
        }
    }

    /// @dev The record of commitAndProveBatches' packed batches in hand, and the circuit it names: its counts and
    ///      root, and where it and its parts start in the calldata (at: the record; the fee idx follow the head; the
    ///      L2 slots' data at txAt; the withdrawal records at withdrawalsAt; end: the next record). _commitFast reads
    ///      and writes its fields by offset (32 bytes each, in this order): keep the order.
    struct Packed {
        uint256 at;
        uint256 circuitId;
        uint256 l1TxCount;
        uint256 l2TxCount;
        uint256 withdrawalCount;
        uint256 newStateRoot;
        uint256 txAt;
        uint256 withdrawalsAt;
        uint256 end;
        /// @dev The circuit loaded last (type(uint256).max: none yet) and its fields.
        uint256 loadedCircuitId;
        uint256 feeSlots;
        uint256 batchSize;
        IBatchVerifier verifier;
        /// @dev The L1 queue's length (which a settlement does not change).
        uint256 queueLength;
        /// @dev Where the packed batches start in the calldata (errors give offsets from there).
        uint256 base;
    }

    /// @dev circuitId, l1TxCount, l2TxCount, withdrawalCount (4 bytes each), newStateRoot (32).
    uint256 private constant PACKED_HEAD_BYTES = 48;

    /// @dev Commits the k packed batches onto `tip`, each on the one before, in memory only, with commitBatch's
    ///      checks, and credits their withdrawals (the whole call reverts if a proof fails); returns what each
    ///      proof is checked with. Nothing here can change between batches (exodus, chain id, queue length), so it
    ///      is read once.
    function _commitPacked(Tip memory tip, bytes calldata batches, uint256 k)
        internal
        returns (IBatchVerifier[] memory verifiers, uint256[] memory inputs)
    {
        _requireTopLevelCall();
        _requireNotExodus();
        if (block.chainid >> ProtocolConstants.CHAIN_ID_BITS != 0) revert IRollup.ChainIdTooLarge(block.chainid);
        verifiers = new IBatchVerifier[](k);
        inputs = new uint256[](k);
        PublicInput.Header memory header;
        header.chainId = uint64(block.chainid);
        header.rollupAddress = address(this);
        Packed memory b;
        uint256 base;
        assembly ("memory-safe") {
            base := batches.offset
        }
        b.at = base;
        b.base = base;
        uint256 end = base + batches.length;
        b.loadedCircuitId = type(uint256).max;
        b.queueLength = _queue.length;
        for (uint256 i = 0; i < k; ++i) {
            (bool done, uint256 input) = _commitFast(tip, b, end);
            if (!done) {
                _readPacked(b, end);
                if (b.circuitId != b.loadedCircuitId) _loadCircuit(b);
                _layOutPacked(b, end);
                input = _commitOnePacked(tip, header, b);
                b.at = b.end;
            }
            IBatchVerifier verifier = b.verifier;
            assembly ("memory-safe") {
                mstore(add(add(inputs, 0x20), shl(5, i)), input)
                mstore(add(add(verifiers, 0x20), shl(5, i)), verifier)
            }
        }
        if (b.at != end) revert IRollup.SettlementDataInvalid(b.at - b.base, batches.length);
    }

    /// @dev _commitOnePacked of the record at b.at in one pass, for the common case: the circuit loaded last, no
    ///      withdrawals, and every check passed (the same checks: the record ends by `end`, the root is a field
    ///      element, the L1 txs are queued, the txs fit the circuit). Otherwise it changes nothing and returns
    ///      done = false, and the caller takes the general path, which reverts with the check's error. On success
    ///      b.at is moved to the next record.
    function _commitFast(Tip memory tip, Packed memory b, uint256 end) private view returns (bool done, uint256 input) {
        uint256 field = FIELD_MODULUS;
        assembly ("memory-safe") {
            let at := mload(b)
            let l1 := and(shr(192, calldataload(at)), 0xffffffff)
            let l2 := and(shr(160, calldataload(at)), 0xffffffff)
            let root := calldataload(add(at, 16))
            // The fee idx (4 bytes each) follow the 48-byte head, then the L2 slots (12 bytes each).
            let feeBytes := shl(2, mload(add(b, 0x140)))
            let recordEnd := add(add(at, add(48, feeBytes)), mul(l2, 12))
            {
                let head := calldataload(at)
                done := and(
                    and(
                        and(eq(shr(224, head), mload(add(b, 0x120))), iszero(and(shr(128, head), 0xffffffff))),
                        and(iszero(gt(recordEnd, end)), lt(root, field))
                    ),
                    and(
                        iszero(gt(l1, sub(mload(add(b, 0x1a0)), mload(add(tip, 0x20))))),
                        iszero(gt(add(l1, l2), mload(add(b, 0x160))))
                    )
                )
            }
            if done {
                // The preimage (PublicInput.hashAt's layout) in scratch memory past the free memory pointer.
                let p := mload(0x40)
                mstore(p, shl(192, chainid()))
                mstore(add(p, 8), shl(96, address()))
                mstore(add(p, 28), shl(192, add(mload(tip), 1)))
                mstore(add(p, 36), mload(add(tip, 0x40)))
                mstore(add(p, 68), root)
                mstore(add(p, 100), mload(add(tip, 0x60)))
                if l1 {
                    let queueEnd := add(mload(add(tip, 0x20)), l1)
                    mstore(add(tip, 0x20), queueEnd)
                    mstore(0, queueEnd)
                    mstore(0x20, _l1QueueHash.slot)
                    mstore(add(tip, 0x60), sload(keccak256(0, 0x40)))
                }
                mstore(add(p, 132), mload(add(tip, 0x60)))
                mstore(add(p, 164), 0)
                calldatacopy(add(p, 196), add(at, 48), feeBytes)
                let txDataAt := add(196, feeBytes)
                let slotsLength := mul(mload(add(b, 0x160)), 12)
                calldatacopy(add(p, txDataAt), calldatasize(), slotsLength)
                calldatacopy(add(p, add(txDataAt, mul(l1, 12))), add(at, add(48, feeBytes)), mul(l2, 12))
                if iszero(staticcall(gas(), 0x02, p, add(txDataAt, slotsLength), 0, 0x20)) { revert(0, 0) }
                input := mod(mload(0), field)
                mstore(tip, and(add(mload(tip), 1), 0xffffffffffffffff))
                mstore(add(tip, 0x40), root)
                mstore(b, recordEnd)
            }
        }
    }

    /// @dev Checks record b (read and laid out) onto `tip`, makes it the tip and credits its withdrawals; returns its
    ///      public input. `header` holds the chain id and this address already.
    function _commitOnePacked(Tip memory tip, PublicInput.Header memory header, Packed memory b)
        private
        returns (uint256 publicInputHash)
    {
        if (b.newStateRoot >= FIELD_MODULUS) revert IRollup.StateRootNotInField(b.newStateRoot);
        // Unchecked: the queue never ends before a committed batch's queue end, counts are 32-bit, and batch
        // numbers are 64-bit counters that start at the stored one.
        unchecked {
            uint256 pending = b.queueLength - tip.l1QueueEnd;
            if (b.l1TxCount > pending) revert IRollup.L1TxCountTooLarge(b.l1TxCount, pending);
            if (b.l1TxCount + b.l2TxCount > b.batchSize) revert IRollup.BatchTooLarge(b.l1TxCount, b.l2TxCount, b.batchSize);
            header.batchNumber = tip.batchNumber + 1;
            header.oldStateRoot = tip.stateRoot;
            header.newStateRoot = b.newStateRoot;
            header.l1QueueStartHash = tip.l1QueueHash;
            if (b.l1TxCount != 0) {
                tip.l1QueueEnd += uint64(b.l1TxCount);
                tip.l1QueueHash = _l1QueueHash[tip.l1QueueEnd];
            }
            header.l1QueueEndHash = tip.l1QueueHash;
            header.withdrawalsHash = b.withdrawalCount == 0 ? 0 : WithdrawalRecords.hash(_withdrawalsOf(b));
            publicInputHash = PublicInput.hashAt(
                header, b.at + PACKED_HEAD_BYTES, b.feeSlots, b.txAt, b.l2TxCount, PublicInput.Slots(b.l1TxCount, b.batchSize)
            );
            tip.batchNumber += 1;
            tip.stateRoot = b.newStateRoot;
            if (b.withdrawalCount != 0) _creditWithdrawals(tip.batchNumber, _withdrawalsOf(b));
        }
    }

    /// @dev Reads the head of the record at b.at (a calldata offset) into b; `end` is where the packed batches end.
    function _readPacked(Packed memory b, uint256 end) private pure {
        // Unchecked: offsets within the calldata.
        unchecked {
            if (b.at + PACKED_HEAD_BYTES > end) revert IRollup.SettlementDataInvalid(b.at + PACKED_HEAD_BYTES - b.base, end - b.base);
        }
        assembly ("memory-safe") {
            let head := calldataload(mload(b))
            mstore(add(b, 0x20), shr(224, head))
            mstore(add(b, 0x40), and(shr(192, head), 0xffffffff))
            mstore(add(b, 0x60), and(shr(160, head), 0xffffffff))
            mstore(add(b, 0x80), and(shr(128, head), 0xffffffff))
            mstore(add(b, 0xa0), calldataload(add(mload(b), 16)))
        }
    }

    /// @dev Loads circuit b.circuitId's fields into b. Its one slot is read without the array's length: the array
    ///      only grows in the constructor, which refuses a verifier without code, so past its end the verifier reads
    ///      as zero, and that is CircuitNotFound (one cold SLOAD less per settlement).
    function _loadCircuit(Packed memory b) private view {
        uint256 id = b.circuitId;
        uint256 word;
        assembly ("memory-safe") {
            mstore(0, _circuits.slot)
            word := sload(add(keccak256(0, 0x20), id))
        }
        if (uint160(word) == 0) revert IRollup.CircuitNotFound(id);
        b.loadedCircuitId = id;
        b.verifier = IBatchVerifier(address(uint160(word)));
        b.batchSize = uint32(word >> 160);
        b.feeSlots = uint32(word >> 192);
    }

    /// @dev Where the variable parts of record b lie; reverts unless it ends by `end`.
    function _layOutPacked(Packed memory b, uint256 end) private pure {
        // Unchecked: 32-bit counts times small constants, added to an offset within the calldata.
        unchecked {
            b.txAt = b.at + PACKED_HEAD_BYTES + b.feeSlots * PublicInput.FEE_IDX_BYTES;
            b.withdrawalsAt = b.txAt + b.l2TxCount * ProtocolConstants.L2_TX_BYTES;
            b.end = b.withdrawalsAt + b.withdrawalCount * ProtocolConstants.WITHDRAWAL_BYTES;
            if (b.end > end) revert IRollup.SettlementDataInvalid(b.end - b.base, end - b.base);
        }
    }

    /// @dev Record b's withdrawal records, as calldata.
    function _withdrawalsOf(Packed memory b) private pure returns (bytes calldata records) {
        uint256 at = b.withdrawalsAt;
        uint256 length = b.end - at;
        assembly ("memory-safe") {
            records.offset := at
            records.length := length
        }
    }
}
