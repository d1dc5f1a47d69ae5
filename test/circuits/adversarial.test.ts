import { beforeAll, describe, expect, test } from 'vitest';
import { buildBatch } from '../../core/build-batch.js';
import type { CircuitInput } from '../../core/circuit-input.js';
import { packAccount } from '../../core/account.js';
import { MAX_BALANCE } from '../../core/constants.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { packL1Tx } from '../../core/l1-queue.js';
import { publicInputHash, type BatchStatement } from '../../core/public-input.js';
import { RollupState } from '../../core/rollup-state.js';
import type { TemplateMain } from '../../proving-kit/compile.js';
import { withdrawalsHash } from '../../core/withdrawals.js';
import { DOMAIN, depositNew, signed, topUp } from '../fixtures/rollup.js';
import { circuitLine, failedAsserts, forgeableKey, liftedCircuit, rowSignals, transplant, violations, type Lift } from './adversarial.js';
import { alice, batchParams, carol, CONFIG, ETH, failure, fundedState, operator, templateCircuit, testCircuit, TOKEN, type Circuit } from './helpers.js';

/**
 * False statements built by hand, bypassing core, that a circuit missing one check would prove. For
 * each: the batch circuit's witness calculator refuses the attack at that check (template and source
 * line), and, one template at a time, a witness of the whole attack (computed with the check lifted,
 * every downstream signal included) breaks exactly the r1cs rows of that check.
 */

const r = (x: bigint) => ((x % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;
type Input = Record<string, bigint | bigint[] | bigint[][][]>;
const clone = (input: CircuitInput) => structuredClone(input) as Input;
const at = (input: Input, name: string) => input[name] as bigint[];
const forged = forgeableKey();
const DEPOSIT = 5n;

let circuit: Circuit;

/**
 * A deposit creating #8 for carol, as the batch whose #8 gets the fields `over` proves it: that batch's
 * witness data (its leaves and paths) with the queued deposit's real fields, and its statement with the
 * real queue hash.
 */
function creation(over: { ax?: bigint; ay?: bigint; amount?: bigint }): { input: Input; statement: BatchStatement } {
  const queued = depositNew(carol, 8, ETH, DEPOSIT);
  const honest = buildBatch(fundedState(), batchParams({ l1Txs: [queued] }));
  const claimed = buildBatch(fundedState(), batchParams({ l1Txs: [{ ...queued, ...over }] }));
  const input = clone(claimed.circuitInput);
  [at(input, 'l1Ax')[0], at(input, 'l1Ay')[0], at(input, 'l1Amount')[0]] = [queued.ax, queued.ay, queued.amount];
  return { input, statement: { ...claimed.statement, l1QueueEndHash: honest.l1QueueEndHash } };
}

/**
 * [the false statement, its circuit input, the failed asserts that refuse it, innermost first: a
 * template, with the statement's text when the template is ours (file: text)].
 */
const batchAttacks: Array<[string, () => Input, Array<[string, string?]>]> = [
  ['account takeover: a deposit creates carol\'s account with the operator\'s key', () => {
    const { input, statement } = creation({ ax: operator.ax, ay: operator.ay });
    at(input, 'receiverAx')[0] = r(operator.ax - carol.ax); // the empty leaf's key, added to the deposit's
    at(input, 'receiverAy')[0] = r(operator.ay - carol.ay);
    return { ...input, publicInputHash: publicInputHash(statement) };
  }, [['AccountFields', 'account-leaf.circom: ethAddrIsZero.out * ax === 0;']]],
  ['lockout: a deposit creates carol\'s account with another ax', () => {
    const { input, statement } = creation({ ax: carol.ax + 1n });
    at(input, 'receiverAx')[0] = 1n;
    return { ...input, publicInputHash: publicInputHash(statement) };
  }, [['AccountFields', 'account-leaf.circom: ethAddrIsZero.out * ax === 0;']]],
  ['lockout: a deposit creates carol\'s account with another ay', () => {
    const { input, statement } = creation({ ay: carol.ay + 1n });
    at(input, 'receiverAy')[0] = 1n;
    return { ...input, publicInputHash: publicInputHash(statement) };
  }, [['AccountFields', 'account-leaf.circom: ethAddrIsZero.out * ay === 0;']]],
  ['mint: a 5-wei deposit creates an account holding 2^128 - 1', () => {
    const { input, statement } = creation({ amount: MAX_BALANCE });
    at(input, 'receiverBalance')[0] = MAX_BALANCE - DEPOSIT; // an "empty" leaf with a balance
    return { ...input, publicInputHash: publicInputHash(statement) };
  }, [['AccountFields', 'account-leaf.circom: ethAddrIsZero.out * packed === 0;']]],
  ['a top-up read as (tokenId + 2^32, amount - 1), the same queue entry, refunded', () => {
    const queued = topUp(carol.ethAddr, 4, TOKEN, 1000n);
    const honest = buildBatch(fundedState(), batchParams({ l1Txs: [queued] }));
    // A refunded top-up (wrong token) leaves the state as the attack does: its witness data, our fields.
    const refunded = buildBatch(fundedState(), batchParams({ l1Txs: [{ ...queued, tokenId: ETH }] }));
    const input = clone(refunded.circuitInput);
    at(input, 'l1TokenId')[0] = TOKEN + (1n << 32n);
    at(input, 'l1Amount')[0] = 999n;
    // The refund record (tokenId + 2^32, 999) packs as (tokenId, 1000).
    const refund = { ethAddr: carol.ethAddr, tokenId: TOKEN, amount: 1000n };
    const statement = { ...refunded.statement, l1QueueEndHash: honest.l1QueueEndHash, withdrawalsHash: withdrawalsHash([refund]) };
    return { ...input, publicInputHash: publicInputHash(statement) };
  }, [['Num2Bits'], ['L1TxFields', 'l1-tx.circom: tokenIdN2b.in <== tokenId;']]],
  ['a NOOP slot published with toIdx 2', () => noop({ toIdx: 2 }), [['L2TxFields', 'l2-tx.circom: fromIsZero.out * toIdx === 0;']]],
  ['a NOOP slot published with an amountFloat that decodes to 0 (mantissa 0, exponent 1)', () => noop({ amountFloat: 1 << 19 }), [
    ['L2TxFields', 'l2-tx.circom: fromIsZero.out * amountFloat === 0;'],
  ]],
  ['a NOOP slot published with a feeFloat that decodes to 0 (mantissa 0, exponent 1)', () => noop({ feeFloat: 1 << 3 }), [
    ['L2TxFields', 'l2-tx.circom: fromIsZero.out * feeFloat === 0;'],
  ]],
  ['a transfer from an account whose key is off the curve, "signed" without any secret', () => {
    const state = fundedState();
    buildBatch(state, batchParams({ l1Txs: [{ ...depositNew(carol, 8, ETH, DEPOSIT), ax: forged.ax, ay: forged.ay }] })).state.merge();
    const tx = { fromIdx: 8, toIdx: 1, amount: DEPOSIT, fee: 0n, nonce: 0n, tokenId: ETH };
    const batch = buildBatch(state, batchParams({ l2Txs: [{ ...tx, signature: forged.sign(12345n) }], signaturesVerified: true }));
    return clone(batch.circuitInput);
  }, [
    ['BabyCheckIfEnabled', 'l2-signature.circom: enabled * (A * x2 + y2 - 1 - D * x2y2) === 0;'],
    ['L2TxSignature', 'l2-signature.circom: keyOnCurve.y <== ay;'],
  ]],
];

/**
 * A batch of one fee-less transfer #1 -> #2 whose NOOP slot 1 is published with other data (the
 * public tx data of a NOOP is all zeros, so that a batch has one encoding). A non-zero toIdx makes slot
 * 1's receiver #2, read and written back unchanged.
 */
function noop(data: { toIdx?: number; amountFloat?: number; feeFloat?: number }): Input {
  const transfer = signed(alice, { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 0n, nonce: 0n, tokenId: ETH });
  const batch = buildBatch(fundedState(), batchParams({ l2Txs: [transfer] }));
  const input = clone(batch.circuitInput);
  const slot = 1;
  const txData = Uint8Array.from(batch.statement.txData);
  const bytes = (value: number, offset: number, length: number) => {
    for (let k = 0; k < length; k++) txData[12 * slot + offset + k] = (value >> (8 * (length - 1 - k))) & 0xff;
  };
  if (data.toIdx) {
    at(input, 'toIdx')[slot] = BigInt(data.toIdx);
    const leaf = batch.state.getAccount(data.toIdx);
    for (const [field, value] of Object.entries(leaf)) at(input, `receiver${field[0]!.toUpperCase()}${field.slice(1)}`)[slot] = value;
    (input.receiverSiblings as bigint[][][])[slot] = batch.state.prove(data.toIdx).siblings;
    bytes(data.toIdx, 4, 4);
  }
  if (data.amountFloat) {
    at(input, 'amountFloat')[slot] = BigInt(data.amountFloat);
    bytes(data.amountFloat, 8, 3);
  }
  if (data.feeFloat) {
    at(input, 'feeFloat')[slot] = BigInt(data.feeFloat);
    bytes(data.feeFloat, 11, 1);
  }
  return { ...input, publicInputHash: publicInputHash({ ...batch.statement, txData }) };
}

describe('the batch circuit has no witness for a false statement built by hand', () => {
  beforeAll(async () => {
    circuit = await testCircuit();
  });

  test.each(batchAttacks)('refuses %s', async (_name, attack, refusers) => {
    const message = await failure(() => circuit.witness(attack()));
    expect(message, 'the witness was computed').not.toBeNull();
    const asserts = failedAsserts(message!).slice(0, refusers.length);
    const quoted = asserts.map(({ template, line }, k) => {
      const file = refusers[k]?.[1]?.split(': ')[0];
      return file ? [template, `${file}: ${circuitLine(file, line)}`] : [template];
    });
    expect(quoted).toEqual(refusers);
  });
});

const LEVELS = 16;
/** Carol's TOKEN leaf (#7: nonce 3 here, balance 1000) with the fields `over` as the prover claims them. */
const CAROL_LEAF = { tokenId: TOKEN, nonce: 3n, balance: 1000n, ax: carol.ax, ay: carol.ay, ethAddr: carol.ethAddr };
const carolLeaf = (over: Partial<typeof CAROL_LEAF>) => ({ ...CAROL_LEAF, ...over });

/**
 * [the false statement, template, its input, the check lifted, the signals each refusing row holds, and
 * the outputs it claims when the lie is in an output (the real witness calculator then computes the true
 * value instead of refusing)].
 */
const templateAttacks: Array<[string, TemplateMain, () => Record<string, unknown>, Lift[], string[], Record<string, bigint>?]> = [
  ['an empty leaf (ethAddr 0) with a key', { include: 'account-leaf.circom', template: 'AccountFields' },
    () => ({ tokenId: 0n, nonce: 0n, balance: 0n, ax: operator.ax, ay: 0n, ethAddr: 0n }),
    [{ file: 'account-leaf.circom', from: 'ethAddrIsZero.out * ax === 0;', to: '' }], ['exists', 'ax']],
  ['an empty leaf with ay', { include: 'account-leaf.circom', template: 'AccountFields' },
    () => ({ tokenId: 0n, nonce: 0n, balance: 0n, ax: 0n, ay: operator.ay, ethAddr: 0n }),
    [{ file: 'account-leaf.circom', from: 'ethAddrIsZero.out * ay === 0;', to: '' }], ['exists', 'ay']],
  ['an empty leaf with a balance', { include: 'account-leaf.circom', template: 'AccountFields' },
    () => ({ tokenId: 0n, nonce: 0n, balance: MAX_BALANCE, ax: 0n, ay: 0n, ethAddr: 0n }),
    [{ file: 'account-leaf.circom', from: 'ethAddrIsZero.out * packed === 0;', to: '' }], ['exists', 'packed']],
  ['a leaf of 1000 read with tokenId - 2^72 as holding 1001 (the same packed)', { include: 'account-leaf.circom', template: 'AccountFields' },
    () => carolLeaf({ tokenId: r(TOKEN - (1n << 72n)), balance: 1001n }),
    [{ file: 'account-leaf.circom', from: 'tokenIdBits.in <== tokenId;', to: 'tokenIdBits.in <-- tokenId + 2 ** 72;' }], ['tokenId', 'tokenIdBits.out[0]']],
  ['a leaf of 1000 read with nonce - 2^40 as holding 1001 (the same packed)', { include: 'account-leaf.circom', template: 'AccountFields' },
    () => carolLeaf({ nonce: r(3n - (1n << 40n)), balance: 1001n }),
    [{ file: 'account-leaf.circom', from: 'nonceBits.in <== nonce;', to: 'nonceBits.in <-- nonce + 2 ** 40;' }], ['nonce', 'nonceBits.out[0]']],
  ['a leaf of 1000 read as holding 1001 (packed from the leaf, balance from the prover)', { include: 'account-leaf.circom', template: 'AccountFields' },
    () => carolLeaf({ balance: 1001n }),
    [{ file: 'account-leaf.circom', from: 'packed <== tokenId', to: 'packed <-- tokenId - 2 ** 72' }], ['packed', 'balanceBits.out[0]'],
    { packed: packAccount(CAROL_LEAF) }],
  ['an L1 tokenId of 2^32 + tokenId, packed like (tokenId, amount + 1)', { include: 'l1-tx.circom', template: 'L1TxFields', params: [32] },
    () => ({ isL1: 1n, txType: 1n, idx: 4n, tokenId: TOKEN + (1n << 32n), amount: 999n, ethAddr: carol.ethAddr, ax: 0n, ay: 0n }),
    [{ file: 'l1-tx.circom', from: 'tokenIdN2b.in <== tokenId;', to: 'tokenIdN2b.in <-- tokenId - 2 ** 32;' }], ['tokenId', 'tokenIdN2b.out[0]']],
  ['a NOOP (fromIdx 0) with toIdx 2', { include: 'l2-tx.circom', template: 'L2TxFields', params: [32] },
    () => ({ isL1: 0n, fromIdx: 0n, toIdx: 2n, amountFloat: 0n, feeFloat: 0n }),
    [{ file: 'l2-tx.circom', from: 'fromIsZero.out * toIdx === 0;', to: '' }], ['isL2', 'toBits[0]']],
  ['a signature "by" an off-curve key that verifies for any message', { include: 'l2-signature.circom', template: 'L2TxSignature' },
    () => ({ enabled: 1n, chainId: DOMAIN.chainId, rollupAddress: DOMAIN.rollupAddress, packedL2Tx: 77n, ax: forged.ax, ay: forged.ay, ...forged.sign(12345n) }),
    [{
      file: 'l2-signature.circom',
      from: 'keyOnCurve.enabled <== enabled;\n    keyOnCurve.x <== ax;\n    keyOnCurve.y <== ay;',
      to: 'keyOnCurve.enabled <-- 0;\n    keyOnCurve.x <-- ax;\n    keyOnCurve.y <-- ay;',
    }], ['enabled', 'keyOnCurve.x2y2']],
  ['a fee credit past 2^128 (the balance wraps into a leaf no AccountFields reads)', { include: 'fee-slots.circom', template: 'FeeCredit', params: [LEVELS] },
    feeCreditInput, [{ file: 'fee-slots.circom', from: 'newBalanceBits.in <== balance + total;', to: 'newBalanceBits.in <-- balance + total - 2 ** 128;' }],
    ['balance', 'newBalanceBits.out[0]']],
];

/** A fee account #3 holding 2^128 - 1 in a depth-32 tree, credited 5. */
function feeCreditInput(): Record<string, unknown> {
  const state = new RollupState(2 * LEVELS);
  const account = { tokenId: ETH, nonce: 0n, balance: MAX_BALANCE, ax: operator.ax, ay: operator.ay, ethAddr: operator.ethAddr };
  state.setAccount(3, account);
  const packed = account.tokenId | (account.nonce << 32n) | (account.balance << 72n);
  return {
    stateRoot: state.root, pathBits: Array.from({ length: 2 * LEVELS }, (_, i) => BigInt((3 >> i) & 1)), siblings: state.prove(3).siblings,
    packed, balance: account.balance, ax: account.ax, ay: account.ay, ethAddr: account.ethAddr, exists: 1n, total: 5n,
  };
}

const stringify = (input: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;

describe('with the check lifted the attack has a witness; the real r1cs refuses it at that check', () => {
  test.for(templateAttacks)('%s', async ([, spec, input, lifts, signals, claimed], context) => {
    const real = await templateCircuit(`${spec.template}${spec.params ? `-${spec.params.join('-')}` : ''}`, spec);
    let computed: bigint[] | null = null;
    const refused = await failure(async () => (computed = await real.witness(stringify(input()))));
    for (const [name, value] of Object.entries(claimed ?? {})) {
      if (computed) expect(real.value(computed, name), `the real witness calculator computed ${name}`).not.toBe(value);
    }
    if (!claimed) expect(refused, 'the real witness calculator computed it').not.toBeNull();
    const lifted = await liftedCircuit(spec, lifts);
    const attack = await lifted.witness(stringify(input()));
    const witness = transplant(lifted, attack, real);
    if (!witness) return context.skip(); // a mutant keeps a wire the lifted circuit eliminates
    const rows = await violations(real, witness);
    expect(rows.length, 'rows violated').toBeGreaterThan(0);
    for (const row of rows) expect(await rowSignals(real, row)).toEqual(expect.arrayContaining(signals));
  });

  test.each([0, 1, 2])('attack %i on AccountFields: the lifted circuit packs the leaf of balance 1000, not the claimed 1001', async (k) => {
    const [, spec, input, lifts] = templateAttacks[3 + k]!;
    const lifted = await liftedCircuit(spec, lifts);
    const witness = await lifted.witness(stringify(input()));
    expect(lifted.value(witness, 'balance')).toBe(1001n);
    expect(lifted.value(witness, 'packed')).toBe(packAccount(CAROL_LEAF));
  });

  test('the lifted tokenId range check lets (tokenId + 2^32, 999) pack as (tokenId, 1000)', async () => {
    const [, spec, input, lifts] = templateAttacks[6]!;
    const lifted = await liftedCircuit(spec, lifts);
    const witness = await lifted.witness(stringify(input()));
    expect(lifted.value(witness, 'packed')).toBe(packL1Tx(topUp(carol.ethAddr, 4, TOKEN, 1000n)));
  });
});

/**
 * Another deployment of the rollup (the same chain, the contract address before DOMAIN's): an L2
 * signature covers Poseidon(chainId, rollupAddress, tx), so one made for it is no signature for DOMAIN.
 */
const OTHER_ROLLUP = { ...DOMAIN, rollupAddress: DOMAIN.rollupAddress - 1n };
const BATCH: TemplateMain = { include: 'batch.circom', template: 'BatchCircuit', params: [CONFIG.depth, CONFIG.batchSize, CONFIG.feeSlots], publicInputs: ['publicInputHash'] };
/** Alice's transfer of 0.1 ETH to bob's #2 with a fee of 0.0002 ETH, for `domain`. */
const feeTransfer = (domain = DOMAIN) => signed(alice, { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 2n * 10n ** 14n, nonce: 0n, tokenId: ETH }, domain);
/** Bob's #2 after the batch, as the false statement claims it: 1,000,000 ETH. */
const MINTED = 10n ** 24n;

/** The root of the state after `batch`, with bob's #2 holding MINTED. */
function mintedRoot(l2Txs: ReturnType<typeof feeTransfer>[], feeIdx: number[]): bigint {
  const state = fundedState();
  buildBatch(state, batchParams({ l2Txs, feeIdx })).state.merge();
  state.setAccount(2, { ...state.getAccount(2), balance: MINTED });
  return state.root;
}

/**
 * [the false statement, its circuit input (publicInputHash included), the check lifted, the signals each
 * refusing row of the real r1cs holds, and [signal, value] pairs the lifted witness must hold (the lie)].
 */
const wholeBatchAttacks: Array<[string, () => { input: Input; lifts: Lift[]; holds: Array<[string, bigint]> }, string[]]> = [
  ['replay across rollups: alice\'s transfer signed for another rollup, proved under DOMAIN\'s statement', () => {
    const batch = buildBatch(fundedState(), batchParams({ domain: OTHER_ROLLUP, l2Txs: [feeTransfer(OTHER_ROLLUP)], feeIdx: [3] }));
    // The signatures are checked for the circuit input's rollupAddress (OTHER_ROLLUP's); the public
    // input claims the same state change for DOMAIN, whose contract would accept the proof.
    return {
      input: { ...clone(batch.circuitInput), publicInputHash: publicInputHash({ ...batch.statement, domain: DOMAIN }) },
      lifts: [{ file: 'public-input.circom', from: 'rollupBytes.in <== rollupAddress;', to: 'rollupBytes.in <-- rollupAddress + 1;' }],
      holds: [['slots[0].rollupAddress', OTHER_ROLLUP.rollupAddress], ['tail.statement.rollupBytes.in', DOMAIN.rollupAddress]],
    };
  }, ['rollupAddress', 'tail.statement.rollupBytes.bits[0]']],
  ['mint: a batch of one transfer published with the root of a state in which bob holds 1,000,000 ETH', () => {
    const batch = buildBatch(fundedState(), batchParams({ l2Txs: [feeTransfer()], feeIdx: [3] }));
    const minted = mintedRoot([feeTransfer()], [3]);
    return {
      input: { ...clone(batch.circuitInput), publicInputHash: publicInputHash({ ...batch.statement, newStateRoot: minted }) },
      lifts: [{ file: 'public-input.circom', from: 'rootBytes[r].in <== roots[r];', to: `rootBytes[r].in <-- roots[r] + (r == 1 ? ${r(minted - batch.statement.newStateRoot)} : 0);` }],
      holds: [['tail.feeCredits[1].newStateRoot', batch.statement.newStateRoot], ['tail.statement.rootBytes[1].in', minted]],
    };
  }, ['tail.statement.rootBytes[1].bits[2]']],
  ['the fee credited to the operator\'s #3, published as credited to bob\'s #2', () => {
    const batch = buildBatch(fundedState(), batchParams({ l2Txs: [feeTransfer()], feeIdx: [3] }));
    return {
      input: { ...clone(batch.circuitInput), publicInputHash: publicInputHash({ ...batch.statement, feeIdx: [2, ...batch.statement.feeIdx.slice(1)] }) },
      lifts: [{ file: 'public-input.circom', from: 'sha.in[at] <== feeIdxBits[f][bit];', to: 'sha.in[at] <-- f + bit == 0 ? 1 - feeIdxBits[f][bit] : feeIdxBits[f][bit];' }],
      // feeIdx[0]'s bits are preimage bits 1568..1599 (docs/protocol.md §8), least significant last.
      holds: [['feeIdx[0]', 3n], ['tail.statement.sha.in[1599]', 0n]],
    };
  }, ['head.feeIdxBits[0][0]']],
  ['the fee credited to the operator\'s #3, published as credited to #(3 + 2^DEPTH), an idx outside the tree', () => {
    const batch = buildBatch(fundedState(), batchParams({ l2Txs: [feeTransfer()], feeIdx: [3] }));
    const outside = 3 + 2 ** CONFIG.depth;
    return {
      input: { ...clone(batch.circuitInput), publicInputHash: publicInputHash({ ...batch.statement, feeIdx: [outside, ...batch.statement.feeIdx.slice(1)] }) },
      // The preimage bits of feeIdx at and above DEPTH are constant zeros; the lie sets bit DEPTH of feeIdx[0].
      lifts: [{ file: 'public-input.circom', from: 'sha.in[at] <== 0;', to: 'sha.in[at] <-- f == 0 && bit == DEPTH ? 1 : 0;' }],
      // feeIdx[0]'s bits are preimage bits 1568..1599 (docs/protocol.md §8), least significant last.
      holds: [['feeIdx[0]', 3n], [`tail.statement.sha.in[${1599 - CONFIG.depth}]`, 1n]],
    };
  }, []],
  ['theft: carol\'s TOKEN fee collected by the fee slot of TOKEN and credited to the operator\'s ETH #3', () => {
    const transfer = signed(carol, { fromIdx: 7, toIdx: 4, amount: 5n, fee: 10n, nonce: 0n, tokenId: TOKEN });
    const state = fundedState();
    const batch = buildBatch(state, batchParams({ l2Txs: [transfer], feeIdx: [5] }));
    batch.state.merge();
    // The tree after the slots, before the fee credit: #5 (operator TOKEN) without the fee.
    const fee = state.getAccount(5).balance - fundedState().getAccount(5).balance;
    state.setAccount(5, { ...state.getAccount(5), balance: state.getAccount(5).balance - fee });
    const leaf = state.getAccount(3);
    const input = clone(batch.circuitInput);
    at(input, 'feeIdx')[0] = 3n;
    [at(input, 'feeAccountNonce')[0], at(input, 'feeAccountBalance')[0]] = [leaf.nonce, leaf.balance];
    [at(input, 'feeAccountAx')[0], at(input, 'feeAccountAy')[0], at(input, 'feeAccountEthAddr')[0]] = [leaf.ax, leaf.ay, leaf.ethAddr];
    (input.feeAccountSiblings as bigint[][][])[0] = state.prove(3).siblings; // feeAccountTokenId[0] stays TOKEN
    state.setAccount(3, { ...leaf, balance: leaf.balance + fee });
    (input.feeAccountSiblings as bigint[][][])[1] = state.prove(0).siblings; // the unused fee slot's leaf 0, after #3's credit
    const statement = { ...batch.statement, feeIdx: [3, ...batch.statement.feeIdx.slice(1)], newStateRoot: state.root };
    return {
      input: { ...input, publicInputHash: publicInputHash(statement) },
      lifts: [{ file: 'batch-head.circom', from: 'feeAccounts[f].tokenId <== feeAccountTokenId[f];', to: 'feeAccounts[f].tokenId <-- f == 0 ? 0 : feeAccountTokenId[f];' }],
      holds: [['feeAccountTokenId[0]', TOKEN], ['head.feeAccounts[0].tokenId', ETH], ['slots[0].collectedFee[0]', fee]],
    };
  }, ['feeAccountTokenId[0]']],
  ['mint: the statement\'s newStateRoot wired to a tree in which bob holds 1,000,000 ETH', () => {
    const batch = buildBatch(fundedState(), batchParams({ l2Txs: [feeTransfer()], feeIdx: [3] }));
    const minted = mintedRoot([feeTransfer()], [3]);
    return {
      input: { ...clone(batch.circuitInput), publicInputHash: publicInputHash({ ...batch.statement, newStateRoot: minted }) },
      lifts: [{
        file: 'batch-tail.circom', from: 'statement.roots <== [oldStateRoot, feeCredits[F - 1].newStateRoot,',
        to: `statement.roots <-- [oldStateRoot, feeCredits[F - 1].newStateRoot + ${r(minted - batch.statement.newStateRoot)},`,
      }],
      holds: [['tail.feeCredits[1].newStateRoot', batch.statement.newStateRoot], ['tail.statement.roots[1]', minted]],
    };
  }, ['tail.statement.rootBytes[1].bits[2]']],
  ['mint: the operator\'s fee account #3 credited 1000 wei more than the batch\'s fees', () => {
    const state = fundedState();
    const batch = buildBatch(state, batchParams({ l2Txs: [feeTransfer()], feeIdx: [3] }));
    batch.state.merge();
    state.setAccount(3, { ...state.getAccount(3), balance: state.getAccount(3).balance + 1000n });
    const input = clone(batch.circuitInput);
    (input.feeAccountSiblings as bigint[][][])[1] = state.prove(0).siblings; // the unused fee slot's leaf 0, after #3's credit
    return {
      input: { ...input, publicInputHash: publicInputHash({ ...batch.statement, newStateRoot: state.root }) },
      lifts: [{ file: 'batch-tail.circom', from: 'feeCredits[f].total <== feeTotal[f];', to: 'feeCredits[f].total <-- feeTotal[f] + (f == 0 ? 1000 : 0);' }],
      holds: [['tail.feeCredits[1].newStateRoot', state.root]],
    };
  }, []],
];

describe('a whole batch computed with one check taken out has a witness; the real r1cs refuses it at that check', () => {
  test.each(wholeBatchAttacks)('%s', async (_name, attack, signals) => {
    const { input: raw, lifts, holds } = attack();
    const input = stringify(raw);
    const real = await testCircuit();
    const refused = await failure(() => real.witness(input));
    expect(refused, 'the real witness calculator computed it').not.toBeNull();
    // The real witness calculator's first failed assert: the statement's hash, or (theft) the fee leaf's update.
    const [assert] = failedAsserts(refused!);
    expect(assert?.template === 'LeafUpdate' || circuitLine('batch-tail.circom', assert?.line ?? 1) === 'statement.out === publicInputHash;', assert?.template).toBe(true);
    const lifted = await liftedCircuit(BATCH, lifts);
    const witness = await lifted.witness(input);
    for (const [name, value] of holds) expect(lifted.value(witness, name), name).toBe(value);
    const transplanted = transplant(lifted, witness, real);
    expect(transplanted, 'a wire of the real circuit that the lifted one lacks').not.toBeNull();
    const rows = await violations(real, transplanted!);
    expect(rows.length, 'rows violated').toBeGreaterThan(0);
    for (const row of rows) expect(await rowSignals(real, row)).toEqual(expect.arrayContaining(signals));
  });
});
