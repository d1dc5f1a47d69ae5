import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { fromHex, toHex } from '../core/bits.js';
import { derivePublicKey, randomPrivateKey } from '../core/eddsa.js';
import { ModuloError } from '../core/errors.js';

/**
 * A wallet account: a BabyJubJub key (signs L2 txs; its public key owns L2 accounts, one per token) and an
 * L1 key (deposits, forced exits, claims; receives withdrawals). Stored as `<dir>/<name>.json`, readable by
 * the owner only, NOT encrypted: this keystore is for devnets and tests, not for real funds.
 */
export interface WalletAccount {
  readonly name: string;
  readonly privateKey: Uint8Array;
  readonly ax: bigint;
  readonly ay: bigint;
  readonly l1: Wallet;
  readonly path: string;
}

interface KeystoreFile {
  readonly version: 1;
  readonly name: string;
  readonly babyJubJub: { readonly privateKey: string; readonly ax: string; readonly ay: string };
  readonly l1: { readonly privateKey: string; readonly address: string };
  readonly createdAt: string;
  readonly warning: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const WARNING = 'Unencrypted keys: devnet and tests only.';

function fileOf(dir: string, name: string): string {
  if (!NAME.test(name)) throw new ModuloError('USAGE', `account names are letters, digits, _ and - (up to 64), got "${name}"`);
  return join(dir, `${name}.json`);
}

export interface NewAccountOptions {
  /** The L1 key (0x hex). */
  readonly l1Key: string;
  /** 32 bytes; a random one by default. */
  readonly babyJubJubKey?: Uint8Array;
}

export function createAccount(dir: string, name: string, o: NewAccountOptions): WalletAccount {
  const path = fileOf(dir, name);
  if (existsSync(path)) throw new ModuloError('WALLET_EXISTS', `wallet account "${name}" already exists (${path})`, { name });
  const privateKey = o.babyJubJubKey ?? randomPrivateKey();
  const { ax, ay } = derivePublicKey(privateKey);
  let l1: Wallet;
  try {
    l1 = new Wallet(o.l1Key);
  } catch (error) {
    throw new ModuloError('USAGE', 'the L1 key must be a 32-byte 0x hex private key', {}, { cause: error });
  }
  const file: KeystoreFile = {
    version: 1,
    name,
    babyJubJub: { privateKey: toHex(privateKey), ax: ax.toString(), ay: ay.toString() },
    l1: { privateKey: l1.privateKey, address: l1.address },
    createdAt: new Date().toISOString(),
    warning: WARNING,
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { name, privateKey, ax, ay, l1, path };
}

export function loadAccount(dir: string, name: string): WalletAccount {
  const path = fileOf(dir, name);
  if (!existsSync(path)) {
    throw new ModuloError('WALLET_NOT_FOUND', `no wallet account "${name}" in ${dir}; create it with \`modulo account new ${name}\``, { name });
  }
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeystoreFile;
  const privateKey = fromHex(file.babyJubJub.privateKey);
  const { ax, ay } = derivePublicKey(privateKey);
  return { name: file.name, privateKey, ax, ay, l1: new Wallet(file.l1.privateKey), path };
}

export function listAccounts(dir: string): WalletAccount[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadAccount(dir, f.slice(0, -'.json'.length)));
}

/** The first key of `candidates` no account in `dir` uses yet (devnets hand out their funded dev keys). */
export function freeDevKey(dir: string, candidates: readonly string[]): string {
  const used = new Set(listAccounts(dir).map((a) => a.l1.address));
  const free = candidates.find((key) => !used.has(new Wallet(key).address));
  if (free === undefined) {
    throw new ModuloError('NO_DEV_ACCOUNT', `all ${candidates.length} funded devnet accounts are taken; pass --l1-key 0x… (a funded key)`);
  }
  return free;
}
