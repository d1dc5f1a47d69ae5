import { describe, expect, test } from 'vitest';
import { accountLeafHash } from '../../core/account.js';
import { packL2Tx } from '../../core/l2-tx-hash.js';
import { computeRoot } from '../../core/state-tree.js';
import type { TemplateMain } from '../../proving-kit/compile.js';
import { DOMAIN, signed } from '../fixtures/rollup.js';
import { breach, templateName, type ContractBreach, type Lift } from './adversarial.js';
import { alice, carol, operator, templateCircuit } from './helpers.js';

/**
 * Each template's own contract (its header) against a prover who computes one value of a `<==` his own
 * way, or skips one `===`: the lifted template has a witness that states something false (an output
 * other than the template's, or an input it must refuse), and the real r1cs refuses that witness. A
 * mutant that weakens that `<==` or deletes that `===` accepts it (scripts/mutants.ts runs these first).
 */

const lift = (file: string, from: string, to: string): Lift => ({ file, from, to });
const t = (include: string, template: string, ...params: number[]): TemplateMain => ({ include, template, params });

const TX = { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 0n, nonce: 0n, tokenId: 0n };
const SIGNED = signed(alice, TX);
const SIGNATURE = { enabled: 1n, chainId: DOMAIN.chainId, rollupAddress: DOMAIN.rollupAddress, ax: alice.ax, ay: alice.ay, ...SIGNED.signature };
const CAROL = { tokenId: 1n, nonce: 3n, balance: 1000n, ax: carol.ax, ay: carol.ay, ethAddr: carol.ethAddr };
const CAROL_PACKED = CAROL.tokenId + (CAROL.nonce << 32n) + (CAROL.balance << 72n);
const DEPOSIT = { isL1: 1n, txType: 1n, idx: 4n, tokenId: 1n, amount: 1000n, ethAddr: carol.ethAddr, ax: carol.ax, ay: carol.ay };
const RULES = {
  isDeposit: 0n, isForcedExit: 1n, inTree: 1n, idxNonZero: 1n, keyNonZero: 0n, ethAddrNonZero: 1n, tokenId: 0n, ethAddr: 7n,
  senderExists: 1n, senderEthAddr: 7n, receiverExists: 0n, receiverTokenId: 0n, receiverOverflow: 0n,
};
const TOP_UP = { ...RULES, isDeposit: 1n, isForcedExit: 0n, tokenId: 1n, receiverExists: 1n, receiverTokenId: 1n };
/** A depth-2 tree (one level of four): leaf idx 1 under siblings 11, 12, 13. */
const PATH = { pathBits: [1n, 0n], siblings: [[11n, 12n, 13n]] };
const rootOf = (leaf: bigint) => computeRoot({ idx: 1, leaf, siblings: PATH.siblings }, 2);
const SIDE = {
  ...PATH, oldPacked: CAROL_PACKED, oldAx: carol.ax, oldAy: carol.ay, oldEthAddr: carol.ethAddr, oldExists: 1n,
  newPacked: CAROL_PACKED + 1n, newAx: carol.ax, newAy: carol.ay, newEthAddr: carol.ethAddr, newExists: 1n,
};
const SENDER = { isL2: 0n, forcedExitValid: 1n, amount: 0n, fee: 0n, tokenId: 1n, nonce: 3n, balance: 100n };
const RECEIVER = {
  createValid: 0n, depositValid: 0n, isTransfer: 1n, l1TokenId: 0n, l1Amount: 0n, l1Ax: 0n, l1Ay: 0n, l1EthAddr: 0n, amount: 5n,
  tokenId: 1n, nonce: 3n, balance: 100n, ax: carol.ax, ay: carol.ay, ethAddr: carol.ethAddr, exists: 1n,
};
const FEE_ACCOUNT = { feeIdx: 3n, tokenId: 0n, nonce: 0n, balance: 0n, ax: operator.ax, ay: operator.ay, ethAddr: operator.ethAddr };
const L2_FIELDS = { isL1: 0n, fromIdx: 1n, toIdx: 2n, amountFloat: 1234n, feeFloat: 17n };

/** [the false statement, the breach]. */
const breaches: Array<[string, ContractBreach]> = [
  ['AccountFields: an empty leaf reads as an account that exists', {
    spec: t('account-leaf.circom', 'AccountFields'), input: { tokenId: 0n, nonce: 0n, balance: 0n, ax: 0n, ay: 0n, ethAddr: 0n },
    lifts: [lift('account-leaf.circom', 'ethAddrIsZero.in <== ethAddr;', 'ethAddrIsZero.in <-- 1;')], changes: ['exists'],
  }],
  ['AccountLeafValue: the leaf value of other fields', {
    spec: t('account-leaf.circom', 'AccountLeafValue'), input: { packed: CAROL_PACKED, ax: carol.ax, ay: carol.ay, ethAddr: carol.ethAddr, exists: 1n },
    lifts: [lift('account-leaf.circom', 'hash.inputs <== [packed, ax, ay, ethAddr];', 'hash.inputs <-- [packed + 1, ax, ay, ethAddr];')], changes: ['out'],
  }],
  ['FeeAccount: fee account #3 at the path of #4', {
    spec: t('fee-slots.circom', 'FeeAccount', 8), input: FEE_ACCOUNT,
    lifts: [lift('fee-slots.circom', 'idxN2b.in <== feeIdx;', 'idxN2b.in <-- feeIdx + 1;')], changes: ['idxBits[2]'],
  }],
  ['FeeAccount: a fee slot naming #3 reads as inactive', {
    spec: t('fee-slots.circom', 'FeeAccount', 8), input: FEE_ACCOUNT,
    lifts: [lift('fee-slots.circom', 'idxIsZero.in <== feeIdx;', 'idxIsZero.in <-- 0;')], changes: ['active'],
  }],
  ['FeeAccount: the fee account\'s leaf packed with another token', {
    spec: t('fee-slots.circom', 'FeeAccount', 8), input: FEE_ACCOUNT,
    lifts: [lift('fee-slots.circom', 'fields.tokenId <== tokenId;', 'fields.tokenId <-- tokenId + 1;')], changes: ['packed'],
  }],
  ['FeeTokensDistinct: two active fee slots of one token', {
    spec: t('fee-slots.circom', 'FeeTokensDistinct', 2), input: { tokenId: [1n, 1n], active: [1n, 1n] },
    lifts: [lift('fee-slots.circom', 'same[p].in <== [tokenId[f], tokenId[g]];', 'same[p].in <-- [tokenId[f], tokenId[g] + 1];')], changes: [],
  }],
  ['FeeMatch: a fee in token 1 collected by the fee slot of token 0', {
    spec: t('fee-slots.circom', 'FeeMatch', 2), input: { fee: 5n, tokenId: 1n, feeTokenId: [1n, 0n], active: [1n, 1n] },
    lifts: [lift('fee-slots.circom', 'same[f].in <== [feeTokenId[f], tokenId];', 'same[f].in <-- [feeTokenId[f], f == 0 ? tokenId + 1 : feeTokenId[f]];')],
    changes: ['collected[0]', 'collected[1]'],
  }],
  ['FeeCredit: a fee credit of 5 that writes 10', {
    spec: t('fee-slots.circom', 'FeeCredit', 1),
    input: { ...PATH, stateRoot: rootOf(accountLeafHash(CAROL)), packed: CAROL_PACKED, balance: 1000n, ax: carol.ax, ay: carol.ay, ethAddr: carol.ethAddr, exists: 1n, total: 5n },
    lifts: [lift('fee-slots.circom', 'update.newPacked <== packed + total', 'update.newPacked <-- packed + 2 * total')], changes: ['newStateRoot'],
  }],
  ['FeeAccount: a fee slot naming an empty leaf', {
    spec: t('fee-slots.circom', 'FeeAccount', 8), input: { ...FEE_ACCOUNT, ax: 0n, ay: 0n, ethAddr: 0n },
    lifts: [lift('fee-slots.circom', 'active * (1 - exists) === 0;', '')], changes: [],
  }],
  ['FeeTokensDistinct: two active fee slots of one token, the check deleted', {
    spec: t('fee-slots.circom', 'FeeTokensDistinct', 2), input: { tokenId: [1n, 1n], active: [1n, 1n] },
    lifts: [lift('fee-slots.circom', 'bothActive[p] * same[p].out === 0;', '')], changes: [],
  }],
  ['FeeMatch: a fee in a token no active fee slot holds', {
    spec: t('fee-slots.circom', 'FeeMatch', 2), input: { fee: 5n, tokenId: 3n, feeTokenId: [1n, 0n], active: [1n, 1n] },
    lifts: [lift('fee-slots.circom', 'fee * (1 - matched) === 0;', '')], changes: [],
  }],
  ['WithdrawalsStep: a withdrawal of 5 left out of the hash', {
    spec: t('withdrawals.circom', 'WithdrawalsStep'), input: { prev: 7n, ethAddr: carol.ethAddr, tokenId: 1n, amount: 5n },
    lifts: [lift('withdrawals.circom', 'amountIsZero.in <== amount;', 'amountIsZero.in <-- 0;')], changes: ['next'],
  }],
  ['WithdrawalsStep: a withdrawal of 5 hashed as one of 10', {
    spec: t('withdrawals.circom', 'WithdrawalsStep'), input: { prev: 7n, ethAddr: carol.ethAddr, tokenId: 1n, amount: 5n },
    lifts: [lift('withdrawals.circom', 'tokenId + amount * 2 ** TOKEN_BITS()];', 'tokenId + 2 * amount * 2 ** TOKEN_BITS()];')], changes: ['next'],
  }],
  ['L1QueueStep: the queue hash of another L1 tx', {
    spec: t('l1-queue.circom', 'L1QueueStep'), input: { isL1: 1n, prev: 7n, packedL1Tx: 99n, ethAddr: carol.ethAddr, ax: 0n, ay: 0n },
    lifts: [lift('l1-queue.circom', 'hash.inputs <== [prev, packedL1Tx, ethAddr, ax, ay];', 'hash.inputs <-- [prev, packedL1Tx + 1, ethAddr, ax, ay];')], changes: ['next'],
  }],
  // The float is public in these three: --O2 would substitute it away, leaving nothing to lie about.
  ['FloatDecode: a float decoded from the next float\'s bits', {
    spec: { ...t('float-decode.circom', 'FloatDecode', 24, 5), publicInputs: ['in'] }, input: { in: 1234n + (3n << 19n) },
    lifts: [lift('float-decode.circom', 'inBits.in <== in;', 'inBits.in <-- in + 1;')], changes: ['value'],
  }],
  ...([
    ['an amount decoded from the next float', 'amountDecode.in <== amountFloat;', 'amountDecode.in <-- amountFloat + 1;', 'amount'],
    ['a fee decoded from the next float', 'feeDecode.in <== feeFloat;', 'feeDecode.in <-- feeFloat + 1;', 'fee'],
  ] as const).map(([name, from, to, output]): [string, ContractBreach] => [`L2TxFields: ${name}`, {
    spec: { ...t('l2-tx.circom', 'L2TxFields', 32), publicInputs: ['amountFloat', 'feeFloat'] }, input: L2_FIELDS,
    lifts: [lift('l2-tx.circom', from, to)], changes: [output],
  }]),
  ['FloatDecode: exponent bit 0 scales by 1 instead of 10', {
    spec: t('float-decode.circom', 'FloatDecode', 24, 5), input: { in: 1234n + (3n << 19n) },
    lifts: [lift('float-decode.circom', 'scale[0] <== 1 + bits[MANTISSA_BITS] * (factor - 1);', 'scale[0] <-- 1;')], changes: ['value'],
  }],
  ['FloatDecode: exponent bit 1 scales by 1 instead of 100', {
    spec: t('float-decode.circom', 'FloatDecode', 24, 5), input: { in: 1234n + (3n << 19n) },
    lifts: [lift('float-decode.circom', 'scale[k] <== scale[k - 1] * (1 + bits[MANTISSA_BITS + k] * (factor - 1));', 'scale[k] <-- scale[k - 1];')], changes: ['value'],
  }],
  ['FloatDecode: a value one above mantissa * scale', {
    spec: t('float-decode.circom', 'FloatDecode', 24, 5), input: { in: 1234n + (3n << 19n) },
    lifts: [lift('float-decode.circom', 'value <== mantissa * scale[EXPONENT_BITS - 1];', 'value <-- mantissa * scale[EXPONENT_BITS - 1] + 1;')], changes: ['value'],
  }],
  ['QuadChildren: position 1 keeps the node in child 0 (low pair)', {
    spec: t('merkle-path.circom', 'QuadChildren'), input: { node: 5n, siblings: [1n, 2n, 3n], bits: [1n, 0n] },
    lifts: [lift('merkle-path.circom', 'signal low0 <== node + bits[0] * (siblings[0] - node);', 'signal low0 <-- node;')], changes: ['children[0]'],
  }],
  ['QuadChildren: position 3 keeps the node in child 2 (high pair)', {
    spec: t('merkle-path.circom', 'QuadChildren'), input: { node: 5n, siblings: [1n, 2n, 3n], bits: [1n, 1n] },
    lifts: [lift('merkle-path.circom', 'signal high0 <== node + bits[0] * (siblings[2] - node);', 'signal high0 <-- node;')], changes: ['children[2]'],
  }],
  ['QuadChildren: a child 0 that is neither the node nor a sibling', {
    spec: t('merkle-path.circom', 'QuadChildren'), input: { node: 5n, siblings: [1n, 2n, 3n], bits: [1n, 0n] },
    lifts: [lift('merkle-path.circom', 'children[0] <== low0 + bits[1] * (siblings[0] - low0);', 'children[0] <-- low0 + 1;')], changes: ['children[0]'],
  }],
  ...([
    ['the root of another leaf', 'nodes[0] <== leaf;', 'nodes[0] <-- leaf + 1;'],
    ['a level hashed from another node', 'children[k].node <== nodes[k];', 'children[k].node <-- nodes[k] + 1;'],
    ['a level hashed with two children swapped', 'hashes[k].inputs <== children[k].children;',
      'hashes[k].inputs <-- [children[k].children[1], children[k].children[0], children[k].children[2], children[k].children[3]];'],
    ['a root that is not the top node', 'root <== nodes[LEVELS];', 'root <-- nodes[LEVELS] + 1;'],
  ] as const).map(([name, from, to]): [string, ContractBreach] => [`MerkleRoot: ${name}`, {
    spec: t('merkle-path.circom', 'MerkleRoot', 1), input: { leaf: 5n, ...PATH }, lifts: [lift('merkle-path.circom', from, to)], changes: ['root'],
  }]),
  ['LeafUpdate: an update of leaf 5 under the root of leaf 6', {
    spec: t('leaf-update.circom', 'LeafUpdate', 1), input: { oldRoot: rootOf(6n), oldLeaf: 5n, newLeaf: 9n, ...PATH },
    lifts: [lift('leaf-update.circom', 'oldPath.leaf <== oldLeaf;', 'oldPath.leaf <-- oldLeaf + 1;')], changes: [],
  }],
  ['LeafUpdate: an update of leaf 5 under the root of leaf 6, the root check deleted', {
    spec: t('leaf-update.circom', 'LeafUpdate', 1), input: { oldRoot: rootOf(6n), oldLeaf: 5n, newLeaf: 9n, ...PATH },
    lifts: [lift('leaf-update.circom', 'oldPath.root === oldRoot;', '')], changes: [],
  }],
  ['LeafUpdate: the new root of another new leaf', {
    spec: t('leaf-update.circom', 'LeafUpdate', 1), input: { oldRoot: rootOf(5n), oldLeaf: 5n, newLeaf: 9n, ...PATH },
    lifts: [lift('leaf-update.circom', 'newPath.leaf <== newLeaf;', 'newPath.leaf <-- newLeaf + 1;')], changes: ['newRoot'],
  }],
  ['SideUpdate: carol\'s leaf updated under a root that holds another packed', {
    spec: t('leaf-update.circom', 'SideUpdate', 1), input: { ...SIDE, stateRoot: rootOf(accountLeafHash({ ...CAROL, balance: 1001n })) },
    lifts: [lift('leaf-update.circom', '(oldLeaf.packed, oldLeaf.ax, oldLeaf.ay) <== (oldPacked, oldAx, oldAy);',
      '(oldLeaf.packed, oldLeaf.ax, oldLeaf.ay) <-- (oldPacked + 2 ** 72, oldAx, oldAy);')], changes: [],
  }],
  ['SideUpdate: a new root that holds another packed', {
    spec: t('leaf-update.circom', 'SideUpdate', 1), input: { ...SIDE, stateRoot: rootOf(accountLeafHash(CAROL)) },
    lifts: [lift('leaf-update.circom', '(newLeaf.packed, newLeaf.ax, newLeaf.ay) <== (newPacked, newAx, newAy);',
      '(newLeaf.packed, newLeaf.ax, newLeaf.ay) <-- (newPacked + 1, newAx, newAy);')], changes: ['newStateRoot'],
  }],
  ['SideUpdate: a new root of a leaf value that is not the new leaf\'s', {
    spec: t('leaf-update.circom', 'SideUpdate', 1), input: { ...SIDE, stateRoot: rootOf(accountLeafHash(CAROL)) },
    lifts: [lift('leaf-update.circom', '(update.oldRoot, update.oldLeaf, update.newLeaf) <== (stateRoot, oldLeaf.out, newLeaf.out);',
      '(update.oldRoot, update.oldLeaf, update.newLeaf) <-- (stateRoot, oldLeaf.out, newLeaf.out + 1);')], changes: ['newStateRoot'],
  }],
  ...([
    ['fromIdx 1 read at the path of #2', 'fromN2b.in <== fromIdx;', 'fromN2b.in <-- fromIdx + 1;', L2_FIELDS, 'fromBits[1]'],
    ['toIdx 2 read at the path of #3', 'toN2b.in <== toIdx;', 'toN2b.in <-- toIdx + 1;', L2_FIELDS, 'toBits[0]'],
    ['an exit from #1 reads as a NOOP', 'fromIsZero.in <== fromIdx;', 'fromIsZero.in <-- 0;', { ...L2_FIELDS, toIdx: 0n, amountFloat: 0n, feeFloat: 0n }, 'isL2'],
    ['a transfer to #2 reads as a withdrawal', 'toIsZero.in <== toIdx;', 'toIsZero.in <-- 0;', L2_FIELDS, 'isWithdraw'],
    ['tx data with another fromIdx', 'dataBits[j] <== bit < DEPTH ? fromBits[bit] : 0;', 'dataBits[j] <-- bit < DEPTH ? 1 - fromBits[bit] : 0;', L2_FIELDS, 'dataBits[31]'],
    ['tx data with another amountFloat', 'dataBits[2 * IDX + j] <== amountDecode.bits[AMOUNT - 1 - j];',
      'dataBits[2 * IDX + j] <-- 1 - amountDecode.bits[AMOUNT - 1 - j];', L2_FIELDS, 'dataBits[64]'],
    ['tx data with another feeFloat', 'dataBits[2 * IDX + AMOUNT + j] <== feeDecode.bits[FEE - 1 - j];',
      'dataBits[2 * IDX + AMOUNT + j] <-- 1 - feeDecode.bits[FEE - 1 - j];', L2_FIELDS, 'dataBits[88]'],
  ] as const).map(([name, from, to, input, output]): [string, ContractBreach] => [`L2TxFields: ${name}`, {
    spec: t('l2-tx.circom', 'L2TxFields', 32), input, lifts: [lift('l2-tx.circom', from, to)], changes: [output],
  }]),
  ['L2TxRules: an L2 tx from an account whose nonce is exhausted', {
    spec: t('l2-tx.circom', 'L2TxRules'),
    input: { isL2: 1n, isTransfer: 0n, senderExists: 1n, senderNonce: 2n ** 40n - 1n, senderTokenId: 0n, receiverExists: 0n, receiverTokenId: 0n, receiverOverflow: 0n },
    lifts: [lift('l2-tx.circom', 'nonceExhausted.in <== [senderNonce, 2 ** NONCE_BITS() - 1];', 'nonceExhausted.in <-- [senderNonce, 0];')], changes: [],
  }],
  ...([
    ['a DEPOSIT reads as a FORCED_EXIT', 'isForcedExit <== txType - isL1;', 'isForcedExit <-- 1 - txType + isL1;', DEPOSIT, 'isForcedExit'],
    ['a DEPOSIT reads as no deposit', 'isDeposit <== isL1 - isForcedExit;', 'isDeposit <-- 0;', DEPOSIT, 'isDeposit'],
    ['a deposit to #4 at the path of #5', 'idxN2b.in <== idx;', 'idxN2b.in <-- idx + 1;', DEPOSIT, 'idxBits[0]'],
    ['an amount of 2^128 + 1000', 'amountN2b.in <== amount;', 'amountN2b.in <-- amount - 2 ** 128;', { ...DEPOSIT, amount: 2n ** 128n + 1000n }, null],
    ['an ethAddr of 2^160 + carol\'s', 'ethAddrN2b.in <== ethAddr;', 'ethAddrN2b.in <-- ethAddr - 2 ** 160;', { ...DEPOSIT, ethAddr: 2n ** 160n + carol.ethAddr }, null],
    ['the path of #5 for idx 4', 'idxBits[k] <== idxN2b.out[k];', 'idxBits[k] <-- k == 0 ? 1 - idxN2b.out[k] : idxN2b.out[k];', DEPOSIT, 'idxBits[0]'],
    ['idx 4 reads as 0', 'idxIsZero.in <== idx;', 'idxIsZero.in <-- 0;', DEPOSIT, 'idxNonZero'],
    ['the key (5, 0) reads as no key', 'axIsZero.in <== ax;', 'axIsZero.in <-- 0;', { ...DEPOSIT, ax: 5n, ay: 0n }, 'keyNonZero'],
    ['the key (0, 5) reads as no key', 'ayIsZero.in <== ay;', 'ayIsZero.in <-- 0;', { ...DEPOSIT, ax: 0n, ay: 5n }, 'keyNonZero'],
    ['carol\'s ethAddr reads as 0', 'ethAddrIsZero.in <== ethAddr;', 'ethAddrIsZero.in <-- 0;', DEPOSIT, 'ethAddrNonZero'],
  ] as const).map(([name, from, to, input, output]): [string, ContractBreach] => [`L1TxFields: ${name}`, {
    spec: t('l1-tx.circom', 'L1TxFields', 32), input, lifts: [lift('l1-tx.circom', from, to)], changes: output ? [output] : [],
  }]),
  ['L1TxFields: an L1 txType 3', {
    spec: t('l1-tx.circom', 'L1TxFields', 32), input: { ...DEPOSIT, txType: 3n },
    lifts: [lift('l1-tx.circom', 'isForcedExit * (isForcedExit - 1) === 0;', '')], changes: [],
  }],
  ['L1TxFields: a FORCED_EXIT outside an L1 slot', {
    spec: t('l1-tx.circom', 'L1TxFields', 32), input: { isL1: 0n, txType: 1n, idx: 0n, tokenId: 0n, amount: 0n, ethAddr: 0n, ax: 0n, ay: 0n },
    lifts: [lift('l1-tx.circom', 'isForcedExit * (1 - isL1) === 0;', '')], changes: [],
  }],
  ...([
    ['an L1 slot with fromIdx 1', 'isL1 * fromIdx === 0;', { isL1: 1n, toIdx: 0n, amountFloat: 0n, feeFloat: 0n }],
    ['a NOOP with an amount', 'fromIsZero.out * amountFloat === 0;', { fromIdx: 0n, toIdx: 0n, feeFloat: 0n }],
    ['a NOOP with a fee', 'fromIsZero.out * feeFloat === 0;', { fromIdx: 0n, toIdx: 0n, amountFloat: 0n }],
  ] as const).map(([name, from, over]): [string, ContractBreach] => [`L2TxFields: ${name}`, {
    spec: t('l2-tx.circom', 'L2TxFields', 32), input: { ...L2_FIELDS, ...over }, lifts: [lift('l2-tx.circom', from, '')], changes: [],
  }]),
  ['L1TxFields(8): idx 2^8 + 4 (outside the tree) reads as inside', {
    spec: t('l1-tx.circom', 'L1TxFields', 8), input: { ...DEPOSIT, idx: 260n },
    lifts: [lift('l1-tx.circom', 'highIsZero.in <== highBits;', 'highIsZero.in <-- 0;')], changes: ['inTree'],
  }],
  ...([
    ['a forced exit of an idx outside the tree is valid', 'signal target <== inTree * idxNonZero;', 'signal target <-- 1;', { ...RULES, inTree: 0n }, 'forcedExitValid'],
    ['a non-owner\'s forced exit is valid', 'ownerMatches.in <== [senderEthAddr, ethAddr];', 'ownerMatches.in <-- [ethAddr, ethAddr];', { ...RULES, senderEthAddr: 8n }, 'forcedExitValid'],
    ['a deposit creating an account outside the tree is valid', 'signal depositTarget <== isDeposit * target;', 'signal depositTarget <-- 1;',
      { ...RULES, isDeposit: 1n, isForcedExit: 0n, inTree: 0n, keyNonZero: 1n }, 'createValid'],
    ['a top-up in another token is valid', 'tokenMatches.in <== [receiverTokenId, tokenId];', 'tokenMatches.in <-- [tokenId, tokenId];', { ...TOP_UP, receiverTokenId: 2n }, 'depositValid'],
    ['a valid top-up is refunded', 'depositValid <== createValid + topUpValid;', 'depositValid <-- 0;', TOP_UP, 'refund'],
  ] as const).map(([name, from, to, input, output]): [string, ContractBreach] => [`L1TxRules: ${name}`, {
    spec: t('l1-tx.circom', 'L1TxRules'), input, lifts: [lift('l1-tx.circom', from, to)], changes: [output],
  }]),
  ...(['idx', 'tokenId', 'amount', 'ethAddr', 'ax', 'ay'] as const).map((field): [string, ContractBreach] => [`L1TxFields: ${field} 4 outside an L1 slot`, {
    spec: t('l1-tx.circom', 'L1TxFields', 32),
    input: { isL1: 0n, txType: 0n, idx: 0n, tokenId: 0n, amount: 0n, ethAddr: 0n, ax: 0n, ay: 0n, [field]: 4n },
    lifts: [lift('l1-tx.circom', `(1 - isL1) * ${field} === 0;`, '')], changes: [],
  }]),
  ...(['r8x', 'r8y', 's'] as const).map((field): [string, ContractBreach] => [`L2TxSignature: ${field} 5 in a disabled signature`, {
    spec: t('l2-signature.circom', 'L2TxSignature'), input: { ...SIGNATURE, enabled: 0n, ax: 0n, ay: 0n, r8x: 0n, r8y: 0n, s: 0n, packedL2Tx: 0n, [field]: 5n },
    lifts: [lift('l2-signature.circom', `(1 - enabled) * ${field} === 0;`, '')], changes: [],
  }]),
  ...([
    ['an L2 tx from an empty leaf', 'isL2 * (1 - senderExists) === 0;', { senderExists: 0n }],
    ['an L2 tx from an account whose nonce is exhausted, the check deleted', 'isL2 * nonceExhausted.out === 0;', { senderNonce: 2n ** 40n - 1n }],
    ['a transfer to an empty leaf', 'isTransfer * (1 - receiverExists) === 0;', { receiverExists: 0n }],
    ['a transfer to an account of another token', 'isTransfer * (receiverTokenId - senderTokenId) === 0;', { receiverTokenId: 2n }],
    ['a transfer that overflows the receiver', 'isTransfer * receiverOverflow === 0;', { receiverOverflow: 1n }],
  ] as const).map(([name, from, over]): [string, ContractBreach] => [`L2TxRules: ${name}`, {
    spec: t('l2-tx.circom', 'L2TxRules'),
    input: { isL2: 1n, isTransfer: 1n, senderExists: 1n, senderNonce: 3n, senderTokenId: 1n, receiverExists: 1n, receiverTokenId: 1n, receiverOverflow: 0n, ...over },
    lifts: [lift('l2-tx.circom', from, '')], changes: [],
  }]),
  ...([
    ['count 2 marked as one slot of weight 2', 'isL1[i] * (isL1[i] - 1) === 0;', 'i == 0 ? count : 0', 2n, ['isL1[0]', 'isL1[1]']],
    ['count 1 marked in slot 1, after a gap', 'isL1[i] * (1 - isL1[i - 1]) === 0;', 'i == 1 ? 1 : 0', 1n, ['isL1[0]', 'isL1[1]']],
    ['count 1 marked in two slots', 'sum === count;', 'i < 2 ? 1 : 0', 1n, ['isL1[1]']],
  ] as const).map(([name, from, hint, count, changes]): [string, ContractBreach] => [`L1SlotMask: ${name}`, {
    spec: { ...t('slot-mask.circom', 'L1SlotMask', 4), publicInputs: ['count'] }, input: { count }, // public: --O2 would substitute it away
    lifts: [lift('slot-mask.circom', 'isL1[i] <-- i < count ? 1 : 0;', `isL1[i] <-- ${hint};`), lift('slot-mask.circom', from, '')], changes,
  }]),
  ['FieldBytes32: the bytes of the next field element', {
    spec: { ...t('public-input.circom', 'FieldBytes32'), publicInputs: ['in'] }, input: { in: 12345n },
    lifts: [lift('public-input.circom', 'n2b.in <== in;\n    bits[0]', 'n2b.in <-- in + 1;\n    bits[0]')], changes: ['bits[255]'],
  }],
  ['FieldBytes32: a last bit flipped', {
    spec: { ...t('public-input.circom', 'FieldBytes32'), publicInputs: ['in'] }, input: { in: 12345n },
    lifts: [lift('public-input.circom', 'bits[j] <== n2b.out[255 - j];', 'bits[j] <-- j == 255 ? 1 - n2b.out[0] : n2b.out[255 - j];')], changes: ['bits[255]'],
  }],
  ['UintBytes(8): the bytes of the next number', {
    spec: { ...t('public-input.circom', 'UintBytes', 8), publicInputs: ['in'] }, input: { in: 31337n },
    lifts: [lift('public-input.circom', 'n2b.in <== in;\n    for', 'n2b.in <-- in + 1;\n    for')], changes: ['bits[63]'],
  }],
  ['UintBytes(8): a first bit flipped', {
    spec: { ...t('public-input.circom', 'UintBytes', 8), publicInputs: ['in'] }, input: { in: 31337n },
    lifts: [lift('public-input.circom', 'bits[j] <== n2b.out[8 * BYTES - 1 - j];', 'bits[j] <-- j == 0 ? 1 - n2b.out[8 * BYTES - 1] : n2b.out[8 * BYTES - 1 - j];')],
    changes: ['bits[0]'],
  }],
  ['BabyCheckIfEnabled: the point (5, 7), off the curve, passes', {
    spec: t('l2-signature.circom', 'BabyCheckIfEnabled'), input: { enabled: 1n, x: 5n, y: 7n },
    lifts: [lift('l2-signature.circom', 'signal x2 <== x * x;', 'signal x2 <-- (1 - y * y) / (168700 - 168696 * y * y);')], changes: [],
  }],
  ['BabyCheckIfEnabled: the point (5, 7), off the curve, passes the deleted check', {
    spec: t('l2-signature.circom', 'BabyCheckIfEnabled'), input: { enabled: 1n, x: 5n, y: 7n },
    lifts: [lift('l2-signature.circom', 'enabled * (A * x2 + y2 - 1 - D * x2y2) === 0;', '')], changes: [],
  }],
  ['L2TxSignature: alice\'s signature of one tx accepted for the next packed tx', {
    spec: t('l2-signature.circom', 'L2TxSignature'), input: { ...SIGNATURE, packedL2Tx: packL2Tx(TX) + 1n },
    lifts: [lift('l2-signature.circom', 'message.inputs <== [chainId, rollupAddress, packedL2Tx];', 'message.inputs <-- [chainId, rollupAddress, packedL2Tx - 1];')], changes: [],
  }],
  ['L2TxSignature: an enabled signature check that verifies nothing', {
    spec: t('l2-signature.circom', 'L2TxSignature'), input: { ...SIGNATURE, packedL2Tx: packL2Tx(TX) + 1n },
    lifts: [lift('l2-signature.circom', 'verifier.enabled <== enabled;', 'verifier.enabled <-- 0;')], changes: [],
  }],
  ['SenderEffects: a forced exit that pays out nothing and keeps the balance', {
    spec: t('leaf-effects.circom', 'SenderEffects'), input: SENDER,
    lifts: [lift('leaf-effects.circom', 'exitAmount <== forcedExitValid * balance;', 'exitAmount <-- 0;')], changes: ['exitAmount', 'newPacked'],
  }],
  ['SenderEffects: an overdraft, 150 paid from 100', {
    spec: t('leaf-effects.circom', 'SenderEffects'), input: { ...SENDER, isL2: 1n, forcedExitValid: 0n, amount: 150n },
    lifts: [lift('leaf-effects.circom', 'newBalanceBits.in <== newBalance;', 'newBalanceBits.in <-- newBalance + 50;')], changes: [],
  }],
  ['ReceiverCredit: 2^128 - 1 + 5 does not overflow', {
    spec: t('leaf-effects.circom', 'ReceiverCredit'), input: { balance: 2n ** 128n - 1n, l1Amount: 0n, amount: 5n },
    lifts: [lift('leaf-effects.circom', 'sumBits.in <== balance + l1Amount + amount;', 'sumBits.in <-- balance + l1Amount + amount - 2 ** 128;')], changes: ['overflow'],
  }],
  ['ReceiverEffects: a transfer that changes the receiver\'s token', {
    spec: t('leaf-effects.circom', 'ReceiverEffects'), input: RECEIVER,
    lifts: [lift('leaf-effects.circom', 'signal newTokenId <== tokenId + createValid * l1TokenId;', 'signal newTokenId <-- tokenId + createValid * l1TokenId + 1;')], changes: ['newPacked'],
  }],
];

describe('each template\'s own contract, with the check lifted: a false statement the real r1cs refuses', () => {
  test.for(breaches)('%s', async ([, attack], context) => {
    const real = await templateCircuit(templateName(attack.spec), attack.spec);
    const { refused, changed, rows } = await breach(real, attack);
    if (attack.changes.length === 0) expect(refused, 'the real witness calculator refuses the input').toBe(true);
    for (const [name, honest, lied] of changed) expect(lied, `${name}: the lifted value differs from the real one`).not.toBe(honest);
    if (!rows) return context.skip(); // a mutant keeps a wire the lifted circuit eliminates
    expect(rows.length, 'real rows violated').toBeGreaterThan(0);
  });
});
