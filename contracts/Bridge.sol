// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IBridge} from "./interfaces/IBridge.sol";
import {L1QueueHash} from "./libraries/L1QueueHash.sol";
import {ProtocolConstants} from "./libraries/ProtocolConstants.sol";
import {RollupStorage} from "./RollupStorage.sol";

/// @title Bridge
/// @notice Token registry, L1 txs into the queue and pull payments of credits (see IBridge).
abstract contract Bridge is RollupStorage, IBridge {
    using SafeERC20 for IERC20;

    /// @inheritdoc IBridge
    function registerToken(address token) external onlyRole(GOVERNANCE_ROLE) returns (uint32 tokenId) {
        if (token.code.length == 0) revert TokenHasNoCode(token);
        if (_tokenIds[token] != 0) revert TokenAlreadyRegistered(token, _tokenIds[token]);
        if (_tokens.length >> ProtocolConstants.TOKEN_BITS != 0) revert TokenIdsExhausted();
        tokenId = uint32(_tokens.length);
        _tokens.push(token);
        _tokenIds[token] = tokenId;
        emit TokenRegistered(tokenId, token);
    }

    /// @inheritdoc IBridge
    function deposit(uint32 tokenId, uint256 amount, uint256 ax, uint256 ay)
        external
        payable
        nonReentrant
        returns (uint32 idx)
    {
        if (ax == 0 && ay == 0) revert AccountKeyMissing();
        if (ax >= FIELD_MODULUS || ay >= FIELD_MODULUS) revert AccountKeyNotInField(ax, ay);
        // Funds move first and the queue state is read after, so nothing a token does during the transfer
        // can leave this call working on stale counters.
        uint128 received = _receive(tokenId, amount);
        QueueState memory queue = _queue;
        if (queue.nextIdx >> _depth != 0) revert TreeFull(_depth);
        idx = uint32(queue.nextIdx);
        queue.nextIdx += 1;
        _requireDepositRoom(queue);
        _enqueue(queue, L1Tx(ProtocolConstants.TX_TYPE_DEPOSIT, idx, tokenId, received, msg.sender, ax, ay));
    }

    /// @inheritdoc IBridge
    function depositTo(uint32 idx, uint32 tokenId, uint256 amount) external payable nonReentrant {
        uint128 received = _receive(tokenId, amount);
        if (received == 0) revert DepositAmountZero(idx);
        QueueState memory queue = _queue;
        _requireAccount(idx, queue);
        _requireDepositRoom(queue);
        _enqueue(queue, L1Tx(ProtocolConstants.TX_TYPE_DEPOSIT, idx, tokenId, received, msg.sender, 0, 0));
    }

    /// @inheritdoc IBridge
    function forcedExit(uint32 idx, uint256 creationQueueIndex, L1Tx calldata creationTx) external nonReentrant {
        QueueState memory queue = _queue;
        if (queue.exodus) revert ExodusActive();
        _requireAccount(idx, queue);
        // Only `deposit` creates accounts, each at a fresh idx with msg.sender as its ethAddr, and no L2 tx changes
        // an ethAddr: the one queued entry with a key at `idx` names the account's owner for good.
        _requireQueued(creationQueueIndex, creationTx);
        if (
            creationTx.txType != ProtocolConstants.TX_TYPE_DEPOSIT || creationTx.idx != idx
                || (creationTx.ax == 0 && creationTx.ay == 0)
        ) revert NotAccountCreation(creationQueueIndex, idx);
        if (creationTx.ethAddr != msg.sender) revert NotAccountOwner(idx, creationTx.ethAddr, msg.sender);
        uint256 last = _forcedExitAt[idx];
        if (last > queue.finalized) revert ForcedExitPending(idx, last - 1);
        _forcedExitAt[idx] = uint256(queue.length) + 1;
        _enqueue(queue, L1Tx(ProtocolConstants.TX_TYPE_FORCED_EXIT, idx, 0, 0, msg.sender, 0, 0));
    }

    /// @inheritdoc IBridge
    function claim(uint32 tokenId) external {
        _claim(tokenId, msg.sender);
    }

    /// @inheritdoc IBridge
    function claimTo(uint32 tokenId, address recipient) external {
        if (recipient == address(0)) revert RecipientZero();
        _claim(tokenId, recipient);
    }

    /// @inheritdoc IBridge
    function bridgeBalance(uint32 tokenId) external view returns (uint256) {
        return _bridgeBalance[tokenId];
    }

    /// @inheritdoc IBridge
    function credit(address ethAddr, uint32 tokenId) external view returns (uint256) {
        return _credits[ethAddr][tokenId];
    }

    /// @inheritdoc IBridge
    function tokenAddress(uint32 tokenId) external view returns (address) {
        if (tokenId >= _tokens.length) revert TokenNotRegistered(tokenId);
        return _tokens[tokenId];
    }

    /// @inheritdoc IBridge
    function tokenCount() external view returns (uint32) {
        return uint32(_tokens.length);
    }

    /// @inheritdoc IBridge
    function nextIdx() external view returns (uint64) {
        return _queue.nextIdx;
    }

    /// @inheritdoc IBridge
    function l1QueueLength() external view returns (uint64) {
        return _queue.length;
    }

    /// @inheritdoc IBridge
    function l1QueueHash(uint256 queueIndex) external view returns (uint256) {
        return _l1QueueHash[queueIndex];
    }

    /// @inheritdoc IBridge
    function l1TxQueuedAt(uint256 queueIndex) external view returns (uint64) {
        return _queuedAt(queueIndex);
    }

    /// @dev Pays msg.sender's whole credit of `tokenId` to `recipient`; a failed payment reverts it all.
    function _claim(uint32 tokenId, address recipient) private nonReentrant {
        uint256 amount = _credits[msg.sender][tokenId];
        if (amount == 0) revert NothingToClaim(msg.sender, tokenId);
        _credits[msg.sender][tokenId] = 0;
        // Saturating: the count only bounds deposits, and a claim must never be blocked by the bookkeeping.
        uint256 counted = _bridgeBalance[tokenId];
        _bridgeBalance[tokenId] = counted > amount ? counted - amount : 0;
        emit Claimed(msg.sender, tokenId, amount, recipient);
        if (tokenId == 0) Address.sendValue(payable(recipient), amount);
        else IERC20(_tokens[tokenId]).safeTransfer(recipient, amount);
    }

    /// @dev Takes `amount` of `tokenId` from msg.sender; returns what the bridge received (its balance
    ///      difference, which a fee-on-transfer token makes smaller) and adds it to the bridge's count of the
    ///      token, which must stay below 2^128. Tokens sent to the bridge any other way are not counted: a
    ///      donation cannot block deposits.
    function _receive(uint32 tokenId, uint256 amount) private returns (uint128) {
        uint256 received;
        if (tokenId == 0) {
            if (msg.value != amount) revert EthValueMismatch(msg.value, amount);
            received = amount;
        } else {
            if (msg.value != 0) revert UnexpectedEthValue(msg.value);
            if (tokenId >= _tokens.length) revert TokenNotRegistered(tokenId);
            IERC20 token = IERC20(_tokens[tokenId]);
            uint256 before = token.balanceOf(address(this));
            token.safeTransferFrom(msg.sender, address(this), amount);
            uint256 balance = token.balanceOf(address(this));
            received = balance > before ? balance - before : 0;
        }
        uint256 counted = _bridgeBalance[tokenId] + received;
        if (counted >= BRIDGE_CAP) revert BridgeCapReached(tokenId, counted);
        _bridgeBalance[tokenId] = counted;
        return uint128(received);
    }

    function _requireAccount(uint32 idx, QueueState memory queue) private pure {
        if (idx == 0 || idx >= queue.nextIdx) revert AccountNotFound(idx, queue.nextIdx);
    }

    /// @dev Deposits are refused in exodus and once `maxPendingL1Txs` L1 txs are pending; the oldest of them is
    ///      consumed, or exodus is due, by its deadline. Forced exits skip the second check (docs/protocol.md §10).
    function _requireDepositRoom(QueueState memory queue) private view {
        if (queue.exodus) revert ExodusActive();
        uint256 pending = queue.length - queue.finalized;
        if (pending >= _maxPendingL1Txs) {
            revert L1QueueFull(pending, _maxPendingL1Txs, uint256(_queuedAt(queue.finalized)) + _forceDeadline);
        }
    }

    /// @dev Appends `l1Tx` at the end of the queue and writes `queue` back (one slot); the caller checked exodus.
    function _enqueue(QueueState memory queue, L1Tx memory l1Tx) private {
        uint256 queueIndex = queue.length;
        uint256 packed = L1QueueHash.pack(l1Tx.txType, l1Tx.idx, l1Tx.tokenId, l1Tx.amount);
        uint256 chain = L1QueueHash.next(_l1QueueHash[queueIndex], packed, l1Tx.ethAddr, l1Tx.ax, l1Tx.ay);
        _l1QueueHash[queueIndex + 1] = chain;
        _setQueuedAt(queueIndex, block.timestamp);
        queue.length += 1;
        _queue = queue;
        emit L1TxQueued(
            queueIndex, l1Tx.txType, l1Tx.idx, l1Tx.tokenId, l1Tx.amount, l1Tx.ethAddr, l1Tx.ax, l1Tx.ay, chain
        );
    }
}
