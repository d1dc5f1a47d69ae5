import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAddress, isAddress } from 'ethers';
import { ModuloError } from '../core/errors.js';

/** The repository root (data/ lives there unless MODULO_HOME says otherwise). */
export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where the CLI keeps its files: $MODULO_HOME, or data/ in the repository. */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MODULO_HOME ?? join(ROOT, 'data');
}

/**
 * A network the wallet talks to, as `modulo devnet` writes it (data/devnet/network.json) or as an operator
 * publishes it. The rollup address and chain id are what L2 signatures are bound to.
 */
export interface NetworkProfile {
  readonly name: string;
  readonly chainId: string;
  readonly rpcUrl: string;
  readonly sequencerUrl: string;
  readonly rollupAddress: string;
  readonly deployBlock: number;
  /** Funded L1 keys new wallet accounts may take: the public Hardhat keys, on a devnet only. */
  readonly devKeys?: readonly string[];
}

export interface Endpoints {
  readonly sequencerUrl: string;
  readonly rpcUrl: string;
  readonly rollupAddress: string;
  readonly deployBlock: number;
  readonly devKeys: readonly string[];
  /** Where they came from, for messages. */
  readonly source: string;
}

export interface EndpointFlags {
  readonly sequencer?: string | undefined;
  readonly rpc?: string | undefined;
  readonly rollup?: string | undefined;
  readonly network?: string | undefined;
}

export function defaultProfilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MODULO_NETWORK ?? join(homeDir(env), 'devnet', 'network.json');
}

export function readProfile(path: string): NetworkProfile | null {
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as NetworkProfile;
}

/**
 * Endpoints from, in order: flags (--sequencer, --rpc, --rollup), the environment (MODULO_SEQUENCER_URL,
 * MODULO_L1_RPC, MODULO_ROLLUP_ADDRESS), then a network file (--network FILE, $MODULO_NETWORK, or the
 * running devnet's data/devnet/network.json).
 */
export function resolveEndpoints(flags: EndpointFlags, env: NodeJS.ProcessEnv = process.env): Endpoints {
  const profilePath = flags.network ?? defaultProfilePath(env);
  const profile = readProfile(profilePath);
  if (flags.network !== undefined && profile === null) throw new ModuloError('NOT_CONFIGURED', `no network file at ${flags.network}`);
  const sequencerUrl = flags.sequencer ?? env.MODULO_SEQUENCER_URL ?? profile?.sequencerUrl;
  const rpcUrl = flags.rpc ?? env.MODULO_L1_RPC ?? profile?.rpcUrl;
  const rollup = flags.rollup ?? env.MODULO_ROLLUP_ADDRESS ?? profile?.rollupAddress;
  const missing = [
    sequencerUrl === undefined ? '--sequencer URL (or MODULO_SEQUENCER_URL)' : null,
    rpcUrl === undefined ? '--rpc URL (or MODULO_L1_RPC)' : null,
    rollup === undefined ? '--rollup ADDRESS (or MODULO_ROLLUP_ADDRESS)' : null,
  ].filter((m) => m !== null);
  if (missing.length > 0) {
    throw new ModuloError('NOT_CONFIGURED', `no network configured: start one with \`make devnet\`, or pass ${missing.join(', ')}`, { profilePath });
  }
  if (!isAddress(rollup)) throw new ModuloError('USAGE', `--rollup must be an address, got ${rollup}`);
  const fromProfile = profile !== null && rollup === profile.rollupAddress;
  return {
    sequencerUrl: sequencerUrl!.replace(/\/+$/, ''),
    rpcUrl: rpcUrl!,
    rollupAddress: getAddress(rollup!),
    deployBlock: fromProfile ? profile.deployBlock : 0,
    devKeys: fromProfile ? (profile.devKeys ?? []) : [],
    source: profile === null ? 'flags and environment' : profilePath,
  };
}
