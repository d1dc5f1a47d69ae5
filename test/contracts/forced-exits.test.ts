import { beforeAll, describe, expect, test } from 'vitest';
import { Wallet, type Contract, type ContractTransactionResponse } from 'ethers';
import { toHex } from '../../core/bits.js';
import type { Batch } from '../../core/build-batch.js';
import { HARDHAT_KEYS } from '../../devnet/accounts.js';
import { requireBuilt } from '../fixtures/built.js';
import { user } from '../fixtures/rollup.js';
import {
  addressOf, buildContracts, commitAndProveArgs, commitArgs, connect, CoreMirror, deployRollup, ETH, expectRevert, forcedExitArgs, increaseTime,
  proveWithSnarkjs, snapshot, TEST_ARTIFACTS, TEST_CIRCUIT, testArtifactsExist, type Deployment, type SolidityProof,
} from './helpers.js';

// Issue 11's attacks against the escape hatch, on a real Hardhat node with real proofs of the `test` circuit.
// The deposit lane holds CAP pending L1 txs; forced exits are taken beyond it (one per account, by its owner).

const victim = user(1);
const junk = user(9);
const ONE = 10n ** 18n;
const CAP = 3;
const HOUR = 3_600;
/** A snarkjs proof of the test circuit takes 15 s on an idle 2-core machine, minutes on a busy one. */
const PROOF_TIMEOUT = 600_000;
const NO_PROOF: SolidityProof = { a: [0n, 0n], b: [[0n, 0n], [0n, 0n]], c: [0n, 0n] };

describe.runIf(requireBuilt('the test circuit\'s wasm, key and verifier (npx tsx scripts/circuits/build.ts test)', testArtifactsExist))(`a hostile sequencer against a victim's forced exit (real proofs, needs ${TEST_ARTIFACTS.zkey})`, () => {
  let d: Deployment;
  let rollup: Contract;
  let mirror: CoreMirror;
  let batch1: Batch;
  let afterRefill: () => Promise<void>;

  const asSequencer = () => rollup.connect(d.signers.sequencer);
  const junkDeposit = (gasLimit?: number) => asSequencer().getFunction('deposit')(ETH, 0n, junk.ax, junk.ay, gasLimit ? { gasLimit } : {});
  const pending = async () => (await rollup.l1QueueLength!()) - (await rollup.l1QueueFinalized!());

  beforeAll(async () => {
    await buildContracts();
    const ethers = await connect();
    const verifier = await ethers.deployContract('TestBatchVerifier');
    d = await deployRollup(ethers, {
      maxPendingL1Txs: CAP,
      forceDeadline: HOUR,
      circuits: [{ verifier: await verifier.getAddress(), batchSize: TEST_CIRCUIT.batchSize, feeSlots: TEST_CIRCUIT.feeSlots }],
    });
    rollup = d.rollup;
    mirror = new CoreMirror(d);
    // The victim's account (queue index 0); the sequencer fills the rest of the deposit lane with junk.
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, victim.ax, victim.ay, { value: ONE })).wait();
    for (let i = 1; i < CAP; i++) await (await junkDeposit()).wait();
  });

  test('a contract holding the sequencer role cannot commit through any entry point', async () => {
    const adversary = await d.ethers.deployContract('RefillingSequencer', [d.address]);
    const address = await adversary.getAddress();
    await (await rollup.connect(d.signers.admin).getFunction('grantRole')(await rollup.SEQUENCER_ROLE!(), address)).wait();
    const next = await mirror.next();
    const commits = [
      rollup.interface.encodeFunctionData('commitBatch', commitArgs(0, next.commit)),
      rollup.interface.encodeFunctionData('commitAndProveBatches', commitAndProveArgs(0, next.commit, NO_PROOF)),
    ];
    for (const call of commits) {
      const attack = adversary.connect(d.signers.carol).getFunction('commitAndRefill')(call, CAP, junk.ax, junk.ay);
      await expectRevert(attack, rollup, 'CommitNotTopLevel', [address, d.signers.carol.address]);
    }
    expect([await rollup.lastCommittedBatch!(), await rollup.l1QueueLength!()]).toEqual([0n, BigInt(CAP)]);
  });

  test('nor can an EOA that runs such code as its own (EIP-7702), where msg.sender is tx.origin', async () => {
    const adversary = await (await d.ethers.deployContract('RefillingSequencer', [d.address])).getAddress();
    const eoa = new Wallet(HARDHAT_KEYS[2]!, d.ethers.provider);
    expect(eoa.address).toBe(d.signers.sequencer.address);
    // A type-4 tx authorizes the delegation (its own nonce comes first, hence + 1); any tx may carry it.
    const delegate = async (to: string) => {
      const nonce = await d.ethers.provider.getTransactionCount(eoa.address);
      const authorization = await eoa.authorize({ address: to, nonce: nonce + 1 });
      await (await eoa.sendTransaction({ type: 4, to: d.signers.carol.address, authorizationList: [authorization] })).wait();
    };
    await delegate(adversary);
    expect(await d.ethers.provider.getCode(eoa.address)).toBe(`0xef0100${adversary.slice(2).toLowerCase()}`);
    const call = rollup.interface.encodeFunctionData('commitBatch', commitArgs(0, (await mirror.next()).commit));
    const data = (await d.ethers.getContractAt('RefillingSequencer', adversary)).interface.encodeFunctionData('commitAndRefill', [call, 0, 0n, 0n]);
    await expectRevert(eoa.sendTransaction({ to: eoa.address, data }), rollup, 'CommitNotTopLevel', [eoa.address, eoa.address]);
    await delegate(d.ethers.ZeroAddress);
    expect(await d.ethers.provider.getCode(eoa.address)).toBe('0x');
  });

  test('the sequencer finalizes and refills the lane in the victim\'s block: the victim\'s forced exit still gets in', async () => {
    expect(await pending()).toBe(BigInt(CAP));
    await expectRevert(rollup.connect(d.signers.alice).getFunction('depositTo')(1, ETH, 1n, { value: 1n }), rollup, 'L1QueueFull');
    batch1 = await mirror.next();
    const { proof } = await proveWithSnarkjs(batch1);
    const exitArgs = await forcedExitArgs(rollup, 1);
    await d.ethers.provider.send('evm_setAutomine', [false]);
    const sent: ContractTransactionResponse[] = [];
    try {
      sent.push(await asSequencer().getFunction('commitAndProveBatches')(...commitAndProveArgs(0, batch1.commit, proof), { gasLimit: 2_000_000 }));
      for (let i = 0; i < CAP; i++) sent.push(await junkDeposit(1_000_000));
      sent.push(await rollup.connect(d.signers.alice).getFunction('forcedExit')(...exitArgs, { gasLimit: 1_000_000 }));
      await d.ethers.provider.send('evm_mine', []);
    } finally {
      await d.ethers.provider.send('evm_setAutomine', [true]);
    }
    const receipts = await Promise.all(sent.map(async (tx) => (await tx.wait())!));
    expect(receipts.map((r) => [r.status, r.blockNumber])).toEqual(receipts.map(() => [1, receipts[0]!.blockNumber]));
    expect(receipts.map((r) => r.index)).toEqual([...receipts.keys()]);
    mirror.accept(batch1);
    // The lane is full again (the victim's deposits are refused), and the forced exit is queued beyond it.
    expect(await pending()).toBe(BigInt(CAP + 1));
    const oldest = BigInt((await d.ethers.provider.getBlock(receipts[0]!.blockNumber))!.timestamp) + BigInt(HOUR);
    await expectRevert(rollup.connect(d.signers.alice).getFunction('depositTo')(1, ETH, 1n, { value: 1n }), rollup, 'L1QueueFull', [BigInt(CAP + 1), BigInt(CAP), oldest]);
    await expectRevert(rollup.connect(d.signers.alice).getFunction('forcedExit')(...exitArgs), rollup, 'ForcedExitPending', [1n, BigInt(2 * CAP)]);
    afterRefill = await snapshot(d.ethers);
  }, PROOF_TIMEOUT);

  test('then the sequencer processes it: the victim\'s balance is credited and claimed', async () => {
    const batch2 = await mirror.next();
    expect(batch2.withdrawals).toEqual([{ ethAddr: BigInt(d.signers.alice.address), tokenId: 0n, amount: ONE }]);
    const { proof } = await proveWithSnarkjs(batch2);
    await (await asSequencer().getFunction('commitAndProveBatches')(...commitAndProveArgs(0, batch2.commit, proof))).wait();
    expect(await pending()).toBe(0n);
    await (await rollup.connect(d.signers.alice).getFunction('claimTo')(ETH, d.signers.carol.address)).wait();
    expect(await rollup.credit!(d.signers.alice.address, ETH)).toBe(0n);
  }, PROOF_TIMEOUT);

  test('or, past the deadline of the oldest pending entry, anyone activates exodus and the victim takes its leaf', async () => {
    await afterRefill();
    await expectRevert(rollup.activateExodus!(), rollup, 'ExodusNotDue');
    await increaseTime(d.ethers, HOUR + 1);
    await (await rollup.connect(d.signers.carol).getFunction('activateExodus')()).wait();
    const leaf = mirror.state.getAccount(1);
    expect(leaf.balance).toBe(ONE);
    await (await rollup.withdrawExodus!(1, { ...leaf, ethAddr: addressOf(leaf.ethAddr) }, mirror.state.prove(1).siblings)).wait();
    expect(await rollup.credit!(d.signers.alice.address, ETH)).toBe(ONE);
  });
});

describe('a permissionless spammer', () => {
  let d: Deployment;
  let rollup: Contract;

  beforeAll(async () => {
    await buildContracts();
    d = await deployRollup(await connect(), { maxPendingL1Txs: CAP });
    rollup = d.rollup;
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, victim.ax, victim.ay, { value: ONE })).wait();
  });

  test('cannot queue the forced exit of an account it does not own', async () => {
    await expectRevert(rollup.connect(d.signers.carol).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 1))), rollup, 'NotAccountOwner', [1n, d.signers.alice.address, d.signers.carol.address]);
  });

  test('fills only the deposit lane: deposits are refused with the time to retry, the victim\'s forced exit is taken', async () => {
    const asSpammer = rollup.connect(d.signers.carol);
    for (let i = 1; i < CAP; i++) await (await asSpammer.getFunction('deposit')(ETH, 0n, junk.ax, junk.ay)).wait();
    const retry = (await rollup.l1TxQueuedAt!(0)) + BigInt(await rollup.forceDeadline!());
    await expectRevert(asSpammer.getFunction('deposit')(ETH, 0n, junk.ax, junk.ay), rollup, 'L1QueueFull', [BigInt(CAP), BigInt(CAP), retry]);
    // The spammer's own accounts give it one forced exit each, no more.
    await (await asSpammer.getFunction('forcedExit')(...(await forcedExitArgs(rollup, 2)))).wait();
    await expectRevert(asSpammer.getFunction('forcedExit')(...(await forcedExitArgs(rollup, 2))), rollup, 'ForcedExitPending', [2n, BigInt(CAP)]);
    await (await rollup.connect(d.signers.alice).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 1)))).wait();
    expect(await rollup.l1QueueLength!()).toBe(BigInt(CAP + 2));
  });
});
