// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IBridge} from "./interfaces/IBridge.sol";
import {IExodus} from "./interfaces/IExodus.sol";
import {AccountProof} from "./libraries/AccountProof.sol";
import {ProtocolConstants} from "./libraries/ProtocolConstants.sol";
import {RollupStorage} from "./RollupStorage.sol";

/// @title Exodus
/// @notice The escape hatch (see IExodus). Both exits credit the recipient; the money moves only in `claim`.
abstract contract Exodus is RollupStorage, IExodus {
    using BitMaps for BitMaps.BitMap;

    /// @inheritdoc IExodus
    function activateExodus() external {
        QueueState memory queue = _queue;
        if (queue.exodus) revert IBridge.ExodusActive();
        if (queue.finalized == queue.length) revert NoPendingL1Tx();
        uint64 queuedAt = _queuedAt(queue.finalized);
        uint256 deadline = uint256(queuedAt) + _forceDeadline;
        if (block.timestamp <= deadline) revert ExodusNotDue(queue.finalized, queuedAt, deadline);
        queue.exodus = true;
        _queue = queue;
        uint64 lastFinalized = _batchState.lastFinalized;
        emit ExodusActivated(queue.finalized, queuedAt, lastFinalized, _finalizedRoot);
    }

    /// @inheritdoc IExodus
    function withdrawExodus(uint32 idx, AccountLeaf calldata leaf, uint256[3][] calldata siblings) external {
        if (!_queue.exodus) revert ExodusNotActive();
        if (idx == 0 || uint256(idx) >> _depth != 0) revert IdxOutOfRange(idx, _depth);
        if (siblings.length != _depth / 2) revert ProofLengthMismatch(siblings.length, _depth / 2);
        if (leaf.ax >= FIELD_MODULUS) revert NotInField(leaf.ax);
        if (leaf.ay >= FIELD_MODULUS) revert NotInField(leaf.ay);
        if (leaf.balance == 0) revert AccountBalanceZero(idx);
        if (_exodusWithdrawn.get(idx)) revert AccountAlreadyWithdrawn(idx);
        uint256 stateRoot = _finalizedRoot;
        uint256 computedRoot = AccountProof.computeRoot(AccountProof.accountLeafHash(leaf), idx, siblings);
        if (computedRoot != stateRoot) revert AccountProofInvalid(idx, computedRoot, stateRoot);
        _exodusWithdrawn.set(idx);
        _credit(leaf.ethAddr, leaf.tokenId, leaf.balance);
        emit ExodusWithdrawn(idx, leaf.ethAddr, leaf.tokenId, leaf.balance);
    }

    /// @inheritdoc IExodus
    function refundDeposit(uint256 queueIndex, IBridge.L1Tx calldata l1Tx) external {
        QueueState memory queue = _queue;
        if (!queue.exodus) revert ExodusNotActive();
        if (queueIndex < queue.finalized || queueIndex >= queue.length) {
            revert L1TxNotPending(queueIndex, queue.finalized, queue.length);
        }
        if (_depositRefunded.get(queueIndex)) revert DepositAlreadyRefunded(queueIndex);
        _requireQueued(queueIndex, l1Tx);
        if (l1Tx.txType != ProtocolConstants.TX_TYPE_DEPOSIT) revert NotADeposit(queueIndex, l1Tx.txType);
        _depositRefunded.set(queueIndex);
        _credit(l1Tx.ethAddr, l1Tx.tokenId, l1Tx.amount);
        emit DepositRefunded(queueIndex, l1Tx.ethAddr, l1Tx.tokenId, l1Tx.amount);
    }

    /// @inheritdoc IExodus
    function exodusActive() external view returns (bool) {
        return _queue.exodus;
    }

    /// @inheritdoc IExodus
    function exodusWithdrawn(uint32 idx) external view returns (bool) {
        return _exodusWithdrawn.get(idx);
    }

    /// @inheritdoc IExodus
    function depositRefunded(uint256 queueIndex) external view returns (bool) {
        return _depositRefunded.get(queueIndex);
    }
}
