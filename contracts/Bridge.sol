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
        _enqueue(queue, L1Tx(ProtocolConstants.TX_TYPE_DEPOSIT, idx, tokenId, received, msg.sender, ax, ay));
    }

    /// @inheritdoc IBridge
    function depositTo(uint32 idx, uint32 tokenId, uint256 amount) external payable nonReentrant {
        uint128 received = _receive(tokenId, amount);
        if (received == 0) revert DepositAmountZero(idx);
        QueueState memory queue = _queue;
        _requireAccount(idx, queue);
        _enqueue(queue, L1Tx(ProtocolConstants.TX_TYPE_DEPOSIT, idx, tokenId, received, msg.sender, 0, 0));
    }

    /// @inheritdoc IBridge
    function forcedExit(uint32 idx) external nonReentrant {
        QueueState memory queue = _queue;
        _requireAccount(idx, queue);
        _enqueue(queue, L1Tx(ProtocolConstants.TX_TYPE_FORCED_EXIT, idx, 0, 0, msg.sender, 0, 0));
    }

    /// @inheritdoc IBridge
    function claim(uint32 tokenId) external nonReentrant {
        uint256 amount = _credits[msg.sender][tokenId];
        if (amount == 0) revert NothingToClaim(msg.sender, tokenId);
        _credits[msg.sender][tokenId] = 0;
        emit Claimed(msg.sender, tokenId, amount);
        if (tokenId == 0) Address.sendValue(payable(msg.sender), amount);
        else IERC20(_tokens[tokenId]).safeTransfer(msg.sender, amount);
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

    /// @dev Takes `amount` of `tokenId` from msg.sender; returns what the bridge received (its balance
    ///      difference, which a fee-on-transfer token makes smaller). Enforces the bridge cap.
    function _receive(uint32 tokenId, uint256 amount) private returns (uint128) {
        if (tokenId == 0) {
            if (msg.value != amount) revert EthValueMismatch(msg.value, amount);
            if (address(this).balance >= BRIDGE_CAP) revert BridgeCapReached(0, address(this).balance);
            return uint128(amount);
        }
        if (msg.value != 0) revert UnexpectedEthValue(msg.value);
        if (tokenId >= _tokens.length) revert TokenNotRegistered(tokenId);
        IERC20 token = IERC20(_tokens[tokenId]);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 balance = token.balanceOf(address(this));
        if (balance >= BRIDGE_CAP) revert BridgeCapReached(tokenId, balance);
        return balance > before ? uint128(balance - before) : 0;
    }

    function _requireAccount(uint32 idx, QueueState memory queue) private pure {
        if (idx == 0 || idx >= queue.nextIdx) revert AccountNotFound(idx, queue.nextIdx);
    }

    /// @dev Appends `l1Tx` at the end of the queue and writes `queue` back (one slot).
    function _enqueue(QueueState memory queue, L1Tx memory l1Tx) private {
        if (queue.exodus) revert ExodusActive();
        uint256 pending = queue.length - queue.finalized;
        if (pending >= _maxPendingL1Txs) revert L1QueueFull(pending, _maxPendingL1Txs);
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
