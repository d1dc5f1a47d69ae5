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

/** The L1 side of a network: all that reading L1, exodus and claims need (no sequencer). */
export type L1Endpoints = Omit<Endpoints, 'sequencerUrl'>;

const NO_NETWORK = 'no network configured: start one with `make devnet`, or pass';

/** The network file the flags name (or the default one), if there is one; a named file must exist. */
function profileFor(flags: EndpointFlags, env: NodeJS.ProcessEnv): { profile: NetworkProfile | null; profilePath: string } {
  const profilePath = flags.network ?? defaultProfilePath(env);
  const profile = readProfile(profilePath);
  if (flags.network !== undefined && profile === null) throw new ModuloError('NOT_CONFIGURED', `no network file at ${flags.network}`);
  return { profile, profilePath };
}

/** The L1 endpoints; `missing` already names what else is missing (the sequencer) for one error message. */
function resolveL1(flags: EndpointFlags, env: NodeJS.ProcessEnv, { profile, profilePath }: ReturnType<typeof profileFor>, missing: string[]): L1Endpoints {
  const rpcUrl = flags.rpc ?? env.MODULO_L1_RPC ?? profile?.rpcUrl;
  const rollup = flags.rollup ?? env.MODULO_ROLLUP_ADDRESS ?? profile?.rollupAddress;
  if (rpcUrl === undefined) missing.push('--rpc URL (or MODULO_L1_RPC)');
  if (rollup === undefined) missing.push('--rollup ADDRESS (or MODULO_ROLLUP_ADDRESS)');
  if (missing.length > 0) throw new ModuloError('NOT_CONFIGURED', `${NO_NETWORK} ${missing.join(', ')}`, { profilePath });
  if (!isAddress(rollup)) throw new ModuloError('USAGE', `--rollup must be an address, got ${rollup}`);
  const fromProfile = profile !== null && rollup === profile.rollupAddress;
  return {
    rpcUrl: rpcUrl!,
    rollupAddress: getAddress(rollup!),
    deployBlock: fromProfile ? profile.deployBlock : 0,
    devKeys: fromProfile ? (profile.devKeys ?? []) : [],
    source: profile === null ? 'flags and environment' : profilePath,
  };
}

/**
 * Endpoints from, in order: flags (--sequencer, --rpc, --rollup), the environment (MODULO_SEQUENCER_URL,
 * MODULO_L1_RPC, MODULO_ROLLUP_ADDRESS), then a network file (--network FILE, $MODULO_NETWORK, or the
 * running devnet's data/devnet/network.json).
 */
export function resolveEndpoints(flags: EndpointFlags, env: NodeJS.ProcessEnv = process.env): Endpoints {
  const found = profileFor(flags, env);
  const sequencerUrl = flags.sequencer ?? env.MODULO_SEQUENCER_URL ?? found.profile?.sequencerUrl;
  const l1 = resolveL1(flags, env, found, sequencerUrl === undefined ? ['--sequencer URL (or MODULO_SEQUENCER_URL)'] : []);
  return { sequencerUrl: sequencerUrl!.replace(/\/+$/, ''), ...l1 };
}

/** As resolveEndpoints, without the sequencer: for what only reads and calls L1 (exodus, claims). */
export function resolveL1Endpoints(flags: Omit<EndpointFlags, 'sequencer'>, env: NodeJS.ProcessEnv = process.env): L1Endpoints {
  return resolveL1(flags, env, profileFor(flags, env), []);
}
