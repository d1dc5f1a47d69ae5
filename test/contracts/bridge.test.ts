import { describe, expect, test } from 'vitest';
import type { Contract } from 'ethers';
import { TxType } from '../../core/constants.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { l1QueueHashes, nextL1QueueHash } from '../../core/l1-queue.js';
import type { L1Tx } from '../../core/tx.js';
import { user } from '../fixtures/rollup.js';
import {
  DAY, deployRollup, depositL1Tx, emptyRoot, ETH, expectRevert, forcedExitArgs, freshRollupEachTest, l1TxStruct,
  queuedL1Txs, TEST_CIRCUIT, type Deployment,
} from './helpers.js';

const alice = user(1);
const bob = user(2);
const ONE = 10n ** 18n;

let d: Deployment;
let rollup: Contract;
let token: Contract;
let feeToken: Contract;

freshRollupEachTest({}, async (deployed) => {
  d = deployed;
  rollup = d.rollup;
  token = await d.ethers.deployContract('MockERC20', ['Token', 'TKN']);
  feeToken = await d.ethers.deployContract('FeeOnTransferERC20', [100]);
  for (const t of [token, feeToken]) {
    await (await rollup.connect(d.signers.governance).getFunction('registerToken')(await t.getAddress())).wait();
    for (const s of [d.signers.alice, d.signers.bob]) {
      await (await t.getFunction('mint')(s.address, 10n ** 30n)).wait();
      await (await t.connect(s).getFunction('approve')(d.address, 2n ** 256n - 1n)).wait();
    }
  }
});

async function expectQueue(expected: L1Tx[]): Promise<void> {
  expect(await queuedL1Txs(rollup)).toEqual(expected);
  expect(await rollup.l1QueueLength!()).toBe(BigInt(expected.length));
  const hashes = l1QueueHashes(expected);
  for (const [i, hash] of hashes.entries()) expect(await rollup.l1QueueHash!(i + 1)).toBe(hash);
  expect(await rollup.l1QueueHash!(0)).toBe(0n);
}

describe('deployment', () => {
  test('starts from the empty tree root of core, idx 1 and an empty queue', async () => {
    expect(await rollup.lastFinalizedStateRoot!()).toBe(emptyRoot(TEST_CIRCUIT.depth));
    expect(await rollup.lastCommittedStateRoot!()).toBe(emptyRoot(TEST_CIRCUIT.depth));
    expect(await rollup.nextIdx!()).toBe(1n);
    expect(await rollup.l1QueueLength!()).toBe(0n);
    expect(await rollup.lastCommittedBatch!()).toBe(0n);
    expect(await rollup.depth!()).toBe(BigInt(TEST_CIRCUIT.depth));
    const circuit = await rollup.circuit!(0);
    expect([circuit.batchSize, circuit.feeSlots]).toEqual([BigInt(TEST_CIRCUIT.batchSize), BigInt(TEST_CIRCUIT.feeSlots)]);
  });

  const factory = async () => d.ethers.getContractFactory('Rollup', { libraries: d.libraries });
  const config = (over: Record<string, unknown>) => ({
    depth: TEST_CIRCUIT.depth, genesisStateRoot: emptyRoot(TEST_CIRCUIT.depth), forceDeadline: 60, maxPendingL1Txs: 8, adminDelay: 60,
    admin: d.signers.admin.address, governance: d.signers.admin.address, sequencer: d.signers.admin.address,
    operator: d.signers.admin.address, ...over,
  });
  const circuit = async (over: Record<string, unknown> = {}) => ({
    verifier: await (await rollup.circuit!(0)).verifier, batchSize: TEST_CIRCUIT.batchSize, feeSlots: TEST_CIRCUIT.feeSlots, ...over,
  });

  test.each([0, 1, 3, 34])('refuses depth %i', async (depth) => {
    const f = await factory();
    await expectRevert(f.deploy(config({ depth }), [await circuit()]), f.interface, 'DepthInvalid', [BigInt(depth)]);
  });

  test.each([
    ['a zero forceDeadline', { forceDeadline: 0 }],
    ['a zero queue bound', { maxPendingL1Txs: 0 }],
    ['a genesis root that is not a field element', { genesisStateRoot: FIELD_MODULUS }],
  ])('refuses %s', async (_name, over) => {
    const f = await factory();
    await expectRevert(f.deploy(config(over), [await circuit()]), f.interface, 'ConfigInvalid', []);
  });

  test('refuses no circuits, a verifier without code and empty sizes', async () => {
    const f = await factory();
    await expectRevert(f.deploy(config({}), []), f.interface, 'CircuitNotFound', [0n]);
    await expectRevert(f.deploy(config({}), [await circuit(), await circuit({ verifier: d.signers.bob.address })]), f.interface, 'CircuitInvalid', [1n]);
    await expectRevert(f.deploy(config({}), [await circuit({ batchSize: 0 })]), f.interface, 'CircuitInvalid', [0n]);
    await expectRevert(f.deploy(config({}), [await circuit({ feeSlots: 0 })]), f.interface, 'CircuitInvalid', [0n]);
  });
});

describe('registerToken', () => {
  test('gives the next tokenId to a contract, once', async () => {
    const other = await d.ethers.deployContract('MockERC20', ['Other', 'OTH']);
    const address = await other.getAddress();
    const tx = rollup.connect(d.signers.governance).getFunction('registerToken')(address);
    const receipt = await (await tx).wait();
    const event = rollup.interface.parseLog(receipt!.logs[0]!);
    expect([event?.name, ...event!.args]).toEqual(['TokenRegistered', 3n, address]);
    expect(await rollup.tokenAddress!(3)).toBe(address);
    expect(await rollup.tokenCount!()).toBe(4n);
    await expectRevert(rollup.connect(d.signers.governance).getFunction('registerToken')(address), rollup, 'TokenAlreadyRegistered', [address, 3n]);
  });

  test('refuses an address without code', async () => {
    await expectRevert(rollup.connect(d.signers.governance).getFunction('registerToken')(d.signers.bob.address), rollup, 'TokenHasNoCode', [d.signers.bob.address]);
  });

  test('is for the governance role only', async () => {
    const role = await rollup.GOVERNANCE_ROLE!();
    await expectRevert(rollup.connect(d.signers.alice).getFunction('registerToken')(await token.getAddress()), rollup, 'AccessControlUnauthorizedAccount', [d.signers.alice.address, role]);
  });

  test('an unknown tokenId has no address', async () => {
    await expectRevert(rollup.tokenAddress!(9), rollup, 'TokenNotRegistered', [9n]);
    expect(await rollup.tokenAddress!(0)).toBe('0x0000000000000000000000000000000000000000');
  });
});

describe('deposits and forced exits fill the L1 queue as core chains it', () => {
  test('ETH into new accounts: idx from 1, the queue hashes equal core l1QueueHashes', async () => {
    const a = d.signers.alice.address;
    const b = d.signers.bob.address;
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, alice.ax, alice.ay, { value: ONE })).wait();
    await (await rollup.connect(d.signers.bob).getFunction('deposit')(ETH, 2n * ONE, bob.ax, bob.ay, { value: 2n * ONE })).wait();
    await expectQueue([depositL1Tx(a, 1, ETH, ONE, alice.ax, alice.ay), depositL1Tx(b, 2, ETH, 2n * ONE, bob.ax, bob.ay)]);
    expect(await rollup.nextIdx!()).toBe(3n);
    expect(await d.ethers.provider.getBalance(d.address)).toBe(3n * ONE);
  });

  test('an ERC20, pulled with transferFrom', async () => {
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(1, 500n, alice.ax, alice.ay)).wait();
    await expectQueue([depositL1Tx(d.signers.alice.address, 1, 1, 500n, alice.ax, alice.ay)]);
    expect(await token.balanceOf!(d.address)).toBe(500n);
  });

  test('a fee-on-transfer token queues what the bridge received', async () => {
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(2, 10_000n, alice.ax, alice.ay)).wait();
    const received = await feeToken.balanceOf!(d.address);
    expect(received).toBe(10_000n - 10_000n * (await feeToken.feeBps!()) / 10_000n);
    await expectQueue([depositL1Tx(d.signers.alice.address, 1, 2, received, alice.ax, alice.ay)]);
  });

  test('a top-up by anyone and a forced exit by the owner, proven by the deposit that created the account', async () => {
    const a = d.signers.alice.address;
    const b = d.signers.bob.address;
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, alice.ax, alice.ay, { value: ONE })).wait();
    await (await rollup.connect(d.signers.bob).getFunction('depositTo')(1, ETH, 5n, { value: 5n })).wait();
    await (await rollup.connect(d.signers.alice).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 1)))).wait();
    await expectQueue([
      depositL1Tx(a, 1, ETH, ONE, alice.ax, alice.ay),
      depositL1Tx(b, 1, ETH, 5n),
      { txType: TxType.FORCED_EXIT, idx: 1, tokenId: 0n, amount: 0n, ethAddr: BigInt(a), ax: 0n, ay: 0n },
    ]);
    expect(await rollup.nextIdx!()).toBe(2n);
  });

  test('the event carries every field and the chain after the tx; the time is recorded', async () => {
    const receipt = await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, 7n, alice.ax, alice.ay, { value: 7n })).wait();
    const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
    const tx = depositL1Tx(d.signers.alice.address, 1, ETH, 7n, alice.ax, alice.ay);
    expect(event.name).toBe('L1TxQueued');
    expect([...event.args]).toEqual([0n, 1n, 1n, 0n, 7n, d.signers.alice.address, alice.ax, alice.ay, l1QueueHashes([tx])[0]]);
    const block = await d.ethers.provider.getBlock(receipt!.blockNumber);
    expect(await rollup.l1TxQueuedAt!(0)).toBe(BigInt(block!.timestamp));
  });
});

describe('L1 txs the contract refuses', () => {
  const asAlice = () => rollup.connect(d.signers.alice);

  test('a new account without a key, or with a key outside the field', async () => {
    await expectRevert(asAlice().getFunction('deposit')(ETH, 1n, 0n, 0n, { value: 1n }), rollup, 'AccountKeyMissing', []);
    await expectRevert(asAlice().getFunction('deposit')(ETH, 1n, FIELD_MODULUS, 1n, { value: 1n }), rollup, 'AccountKeyNotInField', [FIELD_MODULUS, 1n]);
    await expectRevert(asAlice().getFunction('deposit')(ETH, 1n, 1n, FIELD_MODULUS, { value: 1n }), rollup, 'AccountKeyNotInField', [1n, FIELD_MODULUS]);
  });

  test('ETH value that differs from the amount, ETH sent with an ERC20, an unknown token', async () => {
    await expectRevert(asAlice().getFunction('deposit')(ETH, 2n, alice.ax, alice.ay, { value: 1n }), rollup, 'EthValueMismatch', [1n, 2n]);
    await expectRevert(asAlice().getFunction('deposit')(1, 2n, alice.ax, alice.ay, { value: 1n }), rollup, 'UnexpectedEthValue', [1n]);
    await expectRevert(asAlice().getFunction('deposit')(7, 2n, alice.ax, alice.ay), rollup, 'TokenNotRegistered', [7n]);
  });

  test('a top-up or forced exit of an idx never assigned', async () => {
    await (await asAlice().getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    await expectRevert(asAlice().getFunction('depositTo')(0, ETH, 1n, { value: 1n }), rollup, 'AccountNotFound', [0n, 2n]);
    await expectRevert(asAlice().getFunction('depositTo')(2, ETH, 1n, { value: 1n }), rollup, 'AccountNotFound', [2n, 2n]);
    const [, q, creation] = await forcedExitArgs(rollup, 1);
    await expectRevert(asAlice().getFunction('forcedExit')(0, q, creation), rollup, 'AccountNotFound', [0n, 2n]);
    await expectRevert(asAlice().getFunction('forcedExit')(5, q, creation), rollup, 'AccountNotFound', [5n, 2n]);
  });

  test('a forced exit by anyone but the account\'s owner, or with an entry that did not create the account', async () => {
    await (await asAlice().getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    await (await rollup.connect(d.signers.bob).getFunction('deposit')(ETH, 1n, bob.ax, bob.ay, { value: 1n })).wait();
    await (await rollup.connect(d.signers.bob).getFunction('depositTo')(1, ETH, 1n, { value: 1n })).wait();
    const [tx0, tx1, tx2] = (await queuedL1Txs(rollup)).map(l1TxStruct);
    const asBob = rollup.connect(d.signers.bob);
    await expectRevert(asBob.getFunction('forcedExit')(1, 0, tx0), rollup, 'NotAccountOwner', [1n, d.signers.alice.address, d.signers.bob.address]);
    // Bob's own creating deposit is not account 1's; his top-up of account 1 carries no key.
    await expectRevert(asBob.getFunction('forcedExit')(1, 1, tx1), rollup, 'NotAccountCreation', [1n, 1n]);
    await expectRevert(asBob.getFunction('forcedExit')(1, 2, tx2), rollup, 'NotAccountCreation', [2n, 1n]);
    // Fields that are not the ones queued at that index.
    const forged = { ...tx0!, ethAddr: d.signers.bob.address };
    const computed = nextL1QueueHash(0n, { ...(await queuedL1Txs(rollup))[0]!, ethAddr: BigInt(d.signers.bob.address) });
    await expectRevert(asBob.getFunction('forcedExit')(1, 0, forged), rollup, 'L1TxMismatch', [0n, computed, await rollup.l1QueueHash!(1)]);
    expect(await rollup.l1QueueLength!()).toBe(3n);
  });

  test('a second forced exit of an account while its first waits for a finalized batch', async () => {
    await (await asAlice().getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    const args = await forcedExitArgs(rollup, 1);
    await (await asAlice().getFunction('forcedExit')(...args)).wait();
    await expectRevert(asAlice().getFunction('forcedExit')(...args), rollup, 'ForcedExitPending', [1n, 1n]);
  });

  test('a top-up of nothing, also when a fee-on-transfer token takes it all', async () => {
    const greedy = await d.ethers.deployContract('FeeOnTransferERC20', [10_000]);
    await (await rollup.connect(d.signers.governance).getFunction('registerToken')(await greedy.getAddress())).wait();
    await (await greedy.getFunction('mint')(d.signers.alice.address, 100n)).wait();
    await (await greedy.connect(d.signers.alice).getFunction('approve')(d.address, 100n)).wait();
    await (await asAlice().getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    await expectRevert(asAlice().getFunction('depositTo')(1, ETH, 0n), rollup, 'DepositAmountZero', [1n]);
    await expectRevert(asAlice().getFunction('depositTo')(1, 3, 100n), rollup, 'DepositAmountZero', [1n]);
  });

  test('a deposit that takes the bridge\'s count of a token to 2^128', async () => {
    const cap = 1n << 128n;
    await (await token.getFunction('mint')(d.signers.alice.address, cap)).wait();
    await (await asAlice().getFunction('deposit')(1, cap - 1n, alice.ax, alice.ay)).wait();
    await expectRevert(asAlice().getFunction('depositTo')(1, 1, 1n), rollup, 'BridgeCapReached', [1n, cap]);
    expect(await rollup.bridgeBalance!(1)).toBe(cap - 1n);
  });

  test('a donation (a plain ERC20 transfer, ETH forced in by selfdestruct) is not counted and blocks no deposit', async () => {
    const cap = 1n << 128n;
    await (await token.getFunction('mint')(d.signers.bob.address, cap)).wait();
    await (await token.connect(d.signers.bob).getFunction('transfer')(d.address, cap)).wait();
    await d.ethers.provider.send('hardhat_setBalance', [d.signers.bob.address, `0x${(cap * 2n).toString(16)}`]);
    await (await d.ethers.deployContract('ForceSend', [d.address], { value: cap, signer: d.signers.bob })).waitForDeployment();
    expect(await d.ethers.provider.getBalance(d.address)).toBe(cap);
    expect(await token.balanceOf!(d.address)).toBe(cap);
    await (await asAlice().getFunction('deposit')(1, 5n, alice.ax, alice.ay)).wait();
    await (await asAlice().getFunction('deposit')(ETH, 7n, alice.ax, alice.ay, { value: 7n })).wait();
    expect([await rollup.bridgeBalance!(1), await rollup.bridgeBalance!(ETH)]).toEqual([5n, 7n]);
  });

  test('an ETH deposit that takes the bridge to 2^128 wei', async () => {
    const cap = 1n << 128n;
    await d.ethers.provider.send('hardhat_setBalance', [d.signers.alice.address, `0x${(cap * 2n).toString(16)}`]);
    await expectRevert(asAlice().getFunction('deposit')(ETH, cap, alice.ax, alice.ay, { value: cap }), rollup, 'BridgeCapReached', [0n, cap]);
  });

  test('a new account when every idx of the tree is taken', async () => {
    const small = await deployRollup(d.ethers, { depth: 2 });
    const r = small.rollup.connect(d.signers.alice);
    for (let i = 1; i < 4; i++) await (await r.getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    await expectRevert(r.getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n }), small.rollup, 'TreeFull', [2n]);
    expect(await small.rollup.nextIdx!()).toBe(4n);
  });

  test('a deposit once maxPendingL1Txs are pending, saying when to retry; a forced exit is still taken', async () => {
    const small = await deployRollup(d.ethers, { maxPendingL1Txs: 2 });
    const r = small.rollup.connect(d.signers.alice);
    const first = await (await r.getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    await (await r.getFunction('depositTo')(1, ETH, 1n, { value: 1n })).wait();
    const retry = BigInt((await d.ethers.provider.getBlock(first!.blockNumber))!.timestamp) + BigInt(DAY);
    await expectRevert(r.getFunction('depositTo')(1, ETH, 1n, { value: 1n }), small.rollup, 'L1QueueFull', [2n, 2n, retry]);
    await expectRevert(r.getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n }), small.rollup, 'L1QueueFull', [2n, 2n, retry]);
    await (await r.getFunction('forcedExit')(...(await forcedExitArgs(small.rollup, 1)))).wait();
    expect(await small.rollup.l1QueueLength!()).toBe(3n);
  });
});
