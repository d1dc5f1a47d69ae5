import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { NetworkProfile } from '../wallet/network.js';

/** What a devnet deployed, and with which build: data/devnet/devnet.json. */
export interface DevnetState {
  readonly version: 1;
  readonly circuit: string;
  readonly chainId: number;
  readonly rollupAddress: string;
  readonly deployBlock: number;
  readonly verifiers: ReadonlyArray<{ readonly name: string; readonly address: string }>;
  readonly token: { readonly address: string; readonly tokenId: number; readonly symbol: string };
  readonly feeAccounts: ReadonlyArray<{ readonly tokenId: number; readonly idx: number; readonly minFee: string }>;
  readonly build: { readonly vkeySha256: string; readonly codeSha256: string };
  readonly createdAt: string;
}

export function readDevnetState(path: string): DevnetState | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DevnetState) : null;
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function networkProfile(state: DevnetState, rpcUrl: string, sequencerUrl: string, devKeys: readonly string[]): NetworkProfile {
  return { name: 'devnet', chainId: String(state.chainId), rpcUrl, sequencerUrl, rollupAddress: state.rollupAddress, deployBlock: state.deployBlock, devKeys };
}
