// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IBridge
/// @notice The money side of the rollup: the token registry, L1 txs (deposits and forced exits) appended to
///         the L1 queue (docs/protocol.md §3, §6), and the pull payments of credited withdrawals (§7).
interface IBridge {
    /// @notice An L1 tx exactly as queued and hashed into the chain (docs/protocol.md §3, §6).
    struct L1Tx {
        uint8 txType;
        uint32 idx;
        uint32 tokenId;
        uint128 amount;
        address ethAddr;
        uint256 ax;
        uint256 ay;
    }

    /// @notice The token registry is full: tokenIds are 32 bits.
    error TokenIdsExhausted();
    /// @notice `token` is not a contract (an EOA or an undeployed address cannot be a token).
    error TokenHasNoCode(address token);
    /// @notice `token` already has the tokenId `tokenId` (0 is ETH).
    error TokenAlreadyRegistered(address token, uint32 tokenId);
    /// @notice No token is registered under `tokenId`.
    error TokenNotRegistered(uint32 tokenId);
    /// @notice An ETH deposit must send exactly `amount` as value.
    error EthValueMismatch(uint256 value, uint256 amount);
    /// @notice An ERC20 deposit must not send ETH.
    error UnexpectedEthValue(uint256 value);
    /// @notice After the deposit the bridge would count `balance` >= 2^128 of `tokenId`: deposited minus paid out,
    ///         not its raw token balance (docs/protocol.md §2, "Bridge cap").
    error BridgeCapReached(uint32 tokenId, uint256 balance);
    /// @notice A top-up must move a non-zero amount (after a fee-on-transfer token's fee).
    error DepositAmountZero(uint32 idx);
    /// @notice A new account needs a key: (ax, ay) = (0, 0) is how the queue marks a top-up.
    error AccountKeyMissing();
    /// @notice A key coordinate is not a field element (>= r).
    error AccountKeyNotInField(uint256 ax, uint256 ay);
    /// @notice `idx` was never assigned: accounts are 1 .. nextIdx - 1.
    error AccountNotFound(uint32 idx, uint64 nextIdx);
    /// @notice Every idx of the `depth`-bit tree is assigned.
    error TreeFull(uint8 depth);
    /// @notice `pending` L1 txs are not yet consumed by a finalized batch, the most the queue takes deposits at.
    ///         Retry later: by `retryDeadline` the oldest of them is consumed, or exodus is due (forced exits are
    ///         never refused for this).
    error L1QueueFull(uint256 pending, uint256 maxPending, uint256 retryDeadline);
    /// @notice The entry at `queueIndex` is not the deposit that created account `idx` (a deposit with a key).
    error NotAccountCreation(uint256 queueIndex, uint32 idx);
    /// @notice Account `idx` was created by `owner`; only its owner may force its exit, not `sender`.
    error NotAccountOwner(uint32 idx, address owner, address sender);
    /// @notice Account `idx` already has a forced exit at `queueIndex` that no finalized batch consumed yet.
    error ForcedExitPending(uint32 idx, uint256 queueIndex);
    /// @notice A claim needs a recipient: the zero address would burn the credit.
    error RecipientZero();
    /// @notice The rollup is in exodus mode: no L1 tx is queued, no batch committed or proven.
    error ExodusActive();
    /// @notice `ethAddr` has no credit of `tokenId` to claim.
    error NothingToClaim(address ethAddr, uint32 tokenId);

    /// @notice The governance role registered `token` as `tokenId`.
    event TokenRegistered(uint32 indexed tokenId, address indexed token);
    /// @notice An L1 tx was appended to the queue at `queueIndex`; `l1QueueHash` is the chain after it
    ///         (l1QueueHash[queueIndex + 1]). With the tx fields this is everything an indexer needs to
    ///         rebuild the queue and check it against the contract.
    event L1TxQueued(
        uint256 indexed queueIndex,
        uint8 txType,
        uint32 indexed idx,
        uint32 tokenId,
        uint128 amount,
        address indexed ethAddr,
        uint256 ax,
        uint256 ay,
        uint256 l1QueueHash
    );
    /// @notice `ethAddr` was credited `amount` of `tokenId` by a withdrawal record of the finalized batch
    ///         `batchNumber` (exodus credits have their own events, see IExodus).
    event WithdrawalCredited(address indexed ethAddr, uint32 indexed tokenId, uint128 amount, uint64 batchNumber);
    /// @notice `ethAddr` pulled its whole credit of `tokenId`, paid to `recipient`.
    event Claimed(address indexed ethAddr, uint32 indexed tokenId, uint256 amount, address recipient);

    /// @notice Registers an ERC20 as the next tokenId. Governance role only. The token must be a contract.
    /// @return tokenId The token's id in L2 accounts and txs.
    function registerToken(address token) external returns (uint32 tokenId);

    /// @notice Deposits into a new account owned by the key (ax, ay) and by msg.sender on L1; the contract
    ///         assigns the next idx. ETH (tokenId 0) is sent as value equal to `amount`; an ERC20 is pulled
    ///         (approve first) and the amount queued is what the bridge received (fee-on-transfer tokens).
    ///         Refused when the bridge's count of the token would reach 2^128 (bridgeBalance), the tree is full
    ///         or `maxPendingL1Txs` L1 txs are pending (L1QueueFull says when to retry).
    /// @return idx The new account's idx.
    function deposit(uint32 tokenId, uint256 amount, uint256 ax, uint256 ay) external payable returns (uint32 idx);

    /// @notice Tops up the existing account `idx` (anyone may). The circuit refunds the deposit through the
    ///         batch's withdrawals if the account's token differs or its balance would overflow. Refused like
    ///         `deposit`.
    function depositTo(uint32 idx, uint32 tokenId, uint256 amount) external payable;

    /// @notice Asks that the whole balance of account `idx` be withdrawn to its ethAddr. Only the account's owner
    ///         may: `creationTx` is the deposit that created `idx` (its fields from its L1TxQueued event), queued
    ///         at `creationQueueIndex` and checked against the queue chain, and its ethAddr must be msg.sender.
    ///         Never refused for a full queue (docs/protocol.md §10); at most one per account is pending.
    function forcedExit(uint32 idx, uint256 creationQueueIndex, L1Tx calldata creationTx) external;

    /// @notice Pays msg.sender its whole credit of `tokenId` (claimTo with msg.sender as the recipient).
    function claim(uint32 tokenId) external;

    /// @notice Pays msg.sender's whole credit of `tokenId` to `recipient` (not 0). The credit is zeroed before the
    ///         value moves, and restored by the revert if the payment fails (a recipient that refuses ETH): claim
    ///         again to another recipient. A token that reverts only blocks claims of that token.
    function claimTo(uint32 tokenId, address recipient) external;

    /// @notice What the bridge counts of `tokenId`: deposited minus paid out by claims. The bridge cap is checked
    ///         against it; tokens or ETH sent to the bridge any other way are not counted.
    function bridgeBalance(uint32 tokenId) external view returns (uint256);

    /// @notice The credit `ethAddr` can claim of `tokenId`.
    function credit(address ethAddr, uint32 tokenId) external view returns (uint256);

    /// @notice The ERC20 registered as `tokenId` (address(0) for ETH, tokenId 0).
    function tokenAddress(uint32 tokenId) external view returns (address);

    /// @notice How many tokenIds are registered, ETH (0) included.
    function tokenCount() external view returns (uint32);

    /// @notice The next idx `deposit` assigns (starts at 1).
    function nextIdx() external view returns (uint64);

    /// @notice How many L1 txs were ever queued.
    function l1QueueLength() external view returns (uint64);

    /// @notice The queue chain before the tx at `queueIndex` (l1QueueHash[0] = 0, docs/protocol.md §6).
    function l1QueueHash(uint256 queueIndex) external view returns (uint256);

    /// @notice The block timestamp at which the tx at `queueIndex` was queued (0 if none).
    function l1TxQueuedAt(uint256 queueIndex) external view returns (uint64);
}
