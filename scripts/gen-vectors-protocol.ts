/**
 * Writes test/vectors/protocol.json: fixed cases of docs/protocol.md §2, §3, §6, §7 and §8 computed with
 * circomlibjs Poseidon and node:crypto sha256 only. It must not import core: the file is an oracle
 * that core is checked against (test/core/vectors.test.ts), so it is built from the spec's formulas.
 *
 *   npx tsx scripts/gen-vectors-protocol.ts
 */
// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildEddsa, buildPoseidon } from 'circomlibjs';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hexToNumber, numberToBytesBE } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const ALICE = 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n;
const BOB = 0x3c44cdddb6a900fa2b585dd299e03d12fa4293bcn;
const OUT = fileURLToPath(new URL('../test/vectors/protocol.json', import.meta.url));

const poseidonJs = await buildPoseidon();
const eddsa = await buildEddsa();
const poseidon = (inputs: bigint[]): bigint => poseidonJs.F.toObject(poseidonJs(inputs)) as bigint;

/** A BabyJubJub public key from a fixed 32-byte private key, as wallets derive it. */
function publicKey(seedByte: number): { ax: bigint; ay: bigint } {
  const [x, y] = eddsa.prv2pub(Buffer.alloc(32, seedByte));
  return { ax: eddsa.babyJub.F.toObject(x) as bigint, ay: eddsa.babyJub.F.toObject(y) as bigint };
}

const be = (value: bigint, bytes: number): string => bytesToHex(numberToBytesBE(value, bytes));
const str = (record: Record<string, bigint | number>): Record<string, string | number> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));

// §2: packedAccount = tokenId | nonce << 32 | balance << 72; leaf = Poseidon(packed, ax, ay, ethAddr).
const owner = publicKey(0x01);
const accounts = [
  { tokenId: 0n, nonce: 0n, balance: 1_000_000_000_000_000_000n, ...owner, ethAddr: ALICE },
  { tokenId: 2n ** 32n - 1n, nonce: 2n ** 40n - 1n, balance: 2n ** 128n - 1n, ax: R - 1n, ay: R - 2n, ethAddr: 2n ** 160n - 1n },
].map((a) => {
  const packed = a.tokenId | (a.nonce << 32n) | (a.balance << 72n);
  return { account: str(a), packed: packed.toString(), hash: poseidon([packed, a.ax, a.ay, a.ethAddr]).toString() };
});

// §6: packedL1Tx = txType | idx << 8 | tokenId << 40 | amount << 72; chain from 0.
const depositor = publicKey(0x02);
const l1Txs = [
  { txType: 1, idx: 1, tokenId: 0n, amount: 5_000_000_000_000_000_000n, ethAddr: ALICE, ...depositor },
  { txType: 1, idx: 1, tokenId: 0n, amount: 123n, ethAddr: BOB, ax: 0n, ay: 0n },
  { txType: 2, idx: 1, tokenId: 0n, amount: 0n, ethAddr: ALICE, ax: 0n, ay: 0n },
];
let l1Hash = 0n;
const l1Queue = l1Txs.map((tx) => {
  const packed = BigInt(tx.txType) | (BigInt(tx.idx) << 8n) | (tx.tokenId << 40n) | (tx.amount << 72n);
  l1Hash = poseidon([l1Hash, packed, tx.ethAddr, tx.ax, tx.ay]);
  return { tx: str(tx), packed: packed.toString(), hashAfter: l1Hash.toString() };
});

// §7: withdrawalsHash = Poseidon(withdrawalsHash, ethAddr, tokenId | amount << 32), from 0; 40 bytes each.
const records = [
  { ethAddr: ALICE, tokenId: 0n, amount: 5_000_000_000_000_000_000n },
  { ethAddr: BOB, tokenId: 7n, amount: 2n ** 128n - 1n },
];
let wHash = 0n;
const withdrawals = records.map((w) => {
  wHash = poseidon([wHash, w.ethAddr, w.tokenId | (w.amount << 32n)]);
  return { record: str(w), bytes: be(w.ethAddr, 20) + be(w.tokenId, 4) + be(w.amount, 16), hashAfter: wHash.toString() };
});

// §3 and §4: 1.23456 ETH = 123456 * 10^13 (amountFloat 13 << 19 | 123456), fee 2 * 10^14 (feeFloat 14 << 3 | 2).
const domain = { chainId: 31337n, rollupAddress: 0x5fbdb2315678afecb367f032d93f642f64180aa3n };
const l2Tx = { fromIdx: 5, toIdx: 7, amount: 1_234_560_000_000_000_000n, fee: 200_000_000_000_000n, nonce: 3n, tokenId: 0n };
const amountFloat = (13 << 19) | 123_456;
const feeFloat = (14 << 3) | 2;
const packedL2 =
  BigInt(l2Tx.fromIdx) |
  (BigInt(l2Tx.toIdx) << 32n) |
  (BigInt(amountFloat) << 64n) |
  (BigInt(feeFloat) << 88n) |
  (l2Tx.nonce << 96n) |
  (l2Tx.tokenId << 136n);
const l2 = {
  domain: str(domain),
  tx: str(l2Tx),
  amountFloat,
  feeFloat,
  packed: packedL2.toString(),
  hash: poseidon([domain.chainId, domain.rollupAddress, packedL2]).toString(),
};

// §5 and §8: 2 fee slots, 4 tx slots (an L1 slot, the transfer above, a withdrawal, padding).
const txData =
  '00'.repeat(12) +
  be(5n, 4) + be(7n, 4) + be(BigInt(amountFloat), 3) + be(BigInt(feeFloat), 1) +
  be(6n, 4) + be(0n, 4) + be(BigInt((1 << 19) | 42), 3) + be(0n, 1) +
  '00'.repeat(12);
const statement = {
  chainId: domain.chainId,
  rollupAddress: domain.rollupAddress,
  batchNumber: 12n,
  oldStateRoot: BigInt(accounts[0]!.hash),
  newStateRoot: BigInt(accounts[1]!.hash),
  l1QueueStartHash: BigInt(l1Queue[0]!.hashAfter),
  l1QueueEndHash: l1Hash,
  withdrawalsHash: wHash,
};
const feeIdx = [5, 0];
const preimage =
  be(statement.chainId, 8) + be(statement.rollupAddress, 20) + be(statement.batchNumber, 8) +
  be(statement.oldStateRoot, 32) + be(statement.newStateRoot, 32) +
  be(statement.l1QueueStartHash, 32) + be(statement.l1QueueEndHash, 32) + be(statement.withdrawalsHash, 32) +
  feeIdx.map((idx) => be(BigInt(idx), 4)).join('') +
  txData;
const digest = createHash('sha256').update(hexToBytes(preimage)).digest('hex');
const publicInput = {
  statement: { ...str(statement), feeIdx, txData },
  preimage,
  sha256: digest,
  hash: (hexToNumber(digest) % R).toString(),
};

const vectors = {
  description:
    'docs/protocol.md cases computed by scripts/gen-vectors-protocol.ts from circomlibjs Poseidon and node:crypto ' +
    'sha256, not from core. Integers are decimal strings, bytes are hex without 0x.',
  accountLeaf: accounts,
  l1Queue,
  withdrawals,
  l2TxHash: l2,
  publicInput,
};
writeFileSync(OUT, JSON.stringify(vectors, null, 2) + '\n');
console.log(`wrote ${OUT}`);
