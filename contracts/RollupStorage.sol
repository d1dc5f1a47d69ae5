// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IBridge} from "./interfaces/IBridge.sol";
import {IExodus} from "./interfaces/IExodus.sol";
import {IRollup} from "./interfaces/IRollup.sol";
import {L1QueueHash} from "./libraries/L1QueueHash.sol";
import {ProtocolConstants} from "./libraries/ProtocolConstants.sol";
import {TwoStepAdmin} from "./TwoStepAdmin.sol";

/// @title RollupStorage
/// @notice All of the rollup's state in one place, shared by Bridge, Exodus and Rollup, with the deployment
///         parameters and roles (the admin role moves in two steps: TwoStepAdmin). Hot counters are packed so each
///         entry point reads and writes few slots: deposits touch `_queue`; commits `_batchState`; proofs both.
abstract contract RollupStorage is TwoStepAdmin, ReentrancyGuardTransient {
    /// @notice Registers tokens.
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    /// @notice Commits batches.
    bytes32 public constant SEQUENCER_ROLE = keccak256("SEQUENCER_ROLE");
    /// @notice Reverts committed, unproven batches.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    uint256 internal constant FIELD_MODULUS = ProtocolConstants.FIELD_MODULUS;
    uint256 internal constant BRIDGE_CAP = 1 << ProtocolConstants.BALANCE_BITS;

    /// @dev L1 queue counters; nextIdx is 40 bits because a full depth-32 tree needs 2^32.
    struct QueueState {
        uint64 length;
        uint64 finalized;
        uint40 nextIdx;
        bool exodus;
    }

    /// @dev Batch counters; batch 0 is genesis (root = genesis root, queue end 0) and never proven.
    struct BatchState {
        uint64 lastCommitted;
        uint64 lastFinalized;
        uint64 l1QueueCommitted;
    }

    uint8 internal immutable _depth;
    uint64 internal immutable _forceDeadline;
    uint64 internal immutable _maxPendingL1Txs;

    QueueState internal _queue;
    BatchState internal _batchState;
    /// @dev l1QueueHash[i] for i >= 1 (l1QueueHash[0] = 0 is the mapping's default).
    mapping(uint256 => uint256) internal _l1QueueHash;
    /// @dev The time each L1 tx was queued, four 64-bit timestamps a slot (index i at slot i / 4).
    mapping(uint256 => uint256) internal _queuedAtPacked;
    mapping(uint256 => IRollup.Batch) internal _batches;
    /// @dev The last finalized batch's root (the genesis root at first), in a slot of its own: commitAndProveBatches
    ///      overwrites it (a non-zero to non-zero write) instead of filling a fresh _batches slot each settlement.
    ///      The authority for that root: a batch settled by commitAndProveBatches has no record in _batches.
    uint256 internal _finalizedRoot;
    IRollup.Circuit[] internal _circuits;
    /// @dev _tokens[tokenId]; _tokens[0] = address(0) is ETH.
    address[] internal _tokens;
    mapping(address => uint32) internal _tokenIds;
    mapping(address => mapping(uint32 => uint256)) internal _credits;
    BitMaps.BitMap internal _exodusWithdrawn;
    BitMaps.BitMap internal _depositRefunded;
    /// @dev Per token: deposited minus paid out by claims (IBridge.bridgeBalance), what the bridge cap bounds.
    mapping(uint32 => uint256) internal _bridgeBalance;
    /// @dev Per account: 1 + the queue index of its latest forced exit (0: none).
    mapping(uint32 => uint256) internal _forcedExitAt;

    constructor(IRollup.Config memory config) TwoStepAdmin(config.admin, config.adminDelay) {
        if (config.depth < 2 || config.depth > ProtocolConstants.IDX_BITS || config.depth % 2 != 0) {
            revert IRollup.DepthInvalid(config.depth);
        }
        if (block.chainid >> ProtocolConstants.CHAIN_ID_BITS != 0) revert IRollup.ChainIdTooLarge(block.chainid);
        if (
            config.forceDeadline == 0 || config.maxPendingL1Txs == 0 || config.genesisStateRoot == 0
                || config.genesisStateRoot >= FIELD_MODULUS
        ) revert IRollup.ConfigInvalid();
        _depth = config.depth;
        _forceDeadline = config.forceDeadline;
        _maxPendingL1Txs = config.maxPendingL1Txs;
        _grantRole(GOVERNANCE_ROLE, config.governance);
        _grantRole(SEQUENCER_ROLE, config.sequencer);
        _grantRole(OPERATOR_ROLE, config.operator);
        _queue.nextIdx = 1;
        _batches[0].newStateRoot = config.genesisStateRoot;
        _finalizedRoot = config.genesisStateRoot;
        _tokens.push(address(0));
    }

    function _setQueuedAt(uint256 queueIndex, uint256 timestamp) internal {
        uint256 shift = (queueIndex & 3) * 64;
        _queuedAtPacked[queueIndex >> 2] |= uint256(uint64(timestamp)) << shift;
    }

    function _queuedAt(uint256 queueIndex) internal view returns (uint64) {
        return uint64(_queuedAtPacked[queueIndex >> 2] >> ((queueIndex & 3) * 64));
    }

    function _credit(address ethAddr, uint32 tokenId, uint256 amount) internal {
        _credits[ethAddr][tokenId] += amount;
    }

    function _requireNotExodus() internal view {
        if (_queue.exodus) revert IBridge.ExodusActive();
    }

    /// @dev Reverts unless `l1Tx` is the entry queued at `queueIndex`: it must hash from l1QueueHash[queueIndex] to
    ///      l1QueueHash[queueIndex + 1] (an index never queued has no stored successor, so nothing matches it).
    function _requireQueued(uint256 queueIndex, IBridge.L1Tx calldata l1Tx) internal view {
        uint256 packed = L1QueueHash.pack(l1Tx.txType, l1Tx.idx, l1Tx.tokenId, l1Tx.amount);
        uint256 computed = L1QueueHash.next(_l1QueueHash[queueIndex], packed, l1Tx.ethAddr, l1Tx.ax, l1Tx.ay);
        uint256 stored = _l1QueueHash[queueIndex + 1];
        if (computed != stored) revert IExodus.L1TxMismatch(queueIndex, computed, stored);
    }

    /// @dev Batch data is read from top-level calldata (docs/protocol.md §5), so a commit must be a transaction from
    ///      a plain EOA straight to this contract: tx.origin is always an EOA, and an EOA with code (EIP-7702) could
    ///      run that code as a transaction to itself and call the rollup from there, with msg.sender == tx.origin.
    function _requireTopLevelCall() internal view {
        if (msg.sender != tx.origin || msg.sender.code.length != 0) revert IRollup.CommitNotTopLevel(msg.sender, tx.origin);
    }
}
