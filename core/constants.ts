/**
 * Bit widths and sizes of the protocol: declared once here, mirrored by name in
 * contracts/libraries/ProtocolConstants.sol and circuits/circuits.json (a test asserts they agree).
 * docs/protocol.md explains each choice.
 */

/** Width of an account index in tx data; the tree's `depth` (bits actually used) is at most this. */
export const IDX_BITS = 32;
export const TOKEN_BITS = 32;
export const NONCE_BITS = 40;
export const BALANCE_BITS = 128;
/** L1 deposit amounts and withdrawal amounts are exact integers of this width. */
export const AMOUNT_BITS = 128;
export const ETH_ADDR_BITS = 160;
export const TX_TYPE_BITS = 8;
export const CHAIN_ID_BITS = 64;
export const BATCH_NUMBER_BITS = 64;

/** L2 amounts are decimal floats: mantissa * 10^exponent, the exponent in the top 5 bits. */
export const FLOAT_EXPONENT_BITS = 5;
export const AMOUNT_FLOAT_BITS = 24;
export const FEE_FLOAT_BITS = 8;

/** Bytes an L2 slot puts in L1 calldata: fromIdx(4) toIdx(4) amountFloat(3) feeFloat(1). */
export const L2_TX_BYTES = 12;

/** Bytes a withdrawal record puts in L1 calldata: ethAddr(20) tokenId(4) amount(16). */
export const WITHDRAWAL_BYTES = (ETH_ADDR_BITS + TOKEN_BITS + AMOUNT_BITS) / 8;

/** The tree is quaternary: each level consumes two bits of idx. */
export const TREE_ARITY = 4;
export const MAX_DEPTH = IDX_BITS;

/** Account index 0 is never assigned: it is the "nobody" of tx data (NOOP sender, WITHDRAW receiver). */
export const NULL_IDX = 0;

/** Transaction types; L1 types are what the contract queues, L2 types what users sign. */
export const TxType = {
  NOOP: 0,
  DEPOSIT: 1,
  FORCED_EXIT: 2,
  TRANSFER: 3,
  WITHDRAW: 4,
} as const;
export type TxType = (typeof TxType)[keyof typeof TxType];

export const MAX_BALANCE = (1n << BigInt(BALANCE_BITS)) - 1n;
export const MAX_AMOUNT = (1n << BigInt(AMOUNT_BITS)) - 1n;
export const MAX_NONCE = (1n << BigInt(NONCE_BITS)) - 1n;
export const MAX_TOKEN = (1n << BigInt(TOKEN_BITS)) - 1n;
export const MAX_ETH_ADDR = (1n << BigInt(ETH_ADDR_BITS)) - 1n;
export const MAX_CHAIN_ID = (1n << BigInt(CHAIN_ID_BITS)) - 1n;
export const MAX_BATCH_NUMBER = (1n << BigInt(BATCH_NUMBER_BITS)) - 1n;
