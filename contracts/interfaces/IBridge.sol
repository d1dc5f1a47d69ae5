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
    /// @notice After the deposit the bridge would hold `balance` >= 2^128 of `tokenId` (docs/protocol.md §2,
    ///         "Bridge cap").
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
    /// @notice `pending` L1 txs are not yet consumed by a finalized batch, the most the queue holds.
    error L1QueueFull(uint256 pending, uint256 maxPending);
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
    /// @notice `ethAddr` pulled its whole credit of `tokenId`.
    event Claimed(address indexed ethAddr, uint32 indexed tokenId, uint256 amount);

    /// @notice Registers an ERC20 as the next tokenId. Governance role only. The token must be a contract.
    /// @return tokenId The token's id in L2 accounts and txs.
    function registerToken(address token) external returns (uint32 tokenId);

    /// @notice Deposits into a new account owned by the key (ax, ay) and by msg.sender on L1; the contract
    ///         assigns the next idx. ETH (tokenId 0) is sent as value equal to `amount`; an ERC20 is pulled
    ///         (approve first) and the amount queued is what the bridge received (fee-on-transfer tokens).
    ///         Refused when the bridge's balance would reach 2^128, the tree is full or the queue is full.
    /// @return idx The new account's idx.
    function deposit(uint32 tokenId, uint256 amount, uint256 ax, uint256 ay) external payable returns (uint32 idx);

    /// @notice Tops up the existing account `idx` (anyone may). The circuit refunds the deposit through the
    ///         batch's withdrawals if the account's token differs or its balance would overflow.
    function depositTo(uint32 idx, uint32 tokenId, uint256 amount) external payable;

    /// @notice Asks that the whole balance of account `idx` be withdrawn to its ethAddr. msg.sender is the
    ///         requester; the circuit makes it a no-op unless msg.sender is the account's ethAddr.
    function forcedExit(uint32 idx) external;

    /// @notice Pays msg.sender its whole credit of `tokenId`. The credit is zeroed before the value moves;
    ///         a token that reverts only blocks claims of that token.
    function claim(uint32 tokenId) external;

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
