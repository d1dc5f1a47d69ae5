import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { homeDir } from '../wallet/network.js';
import { ModuloError } from '../core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every wallet command takes: where the network is, where the keys are, and --json. */
export const WALLET_OPTIONS = {
  sequencer: { type: 'string' },
  rpc: { type: 'string' },
  rollup: { type: 'string' },
  network: { type: 'string' },
  'wallet-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const WALLET_FLAGS_HELP = `network: --sequencer URL, --rpc URL, --rollup ADDRESS, --network FILE (default: the devnet's
         data/devnet/network.json; env MODULO_SEQUENCER_URL, MODULO_L1_RPC, MODULO_ROLLUP_ADDRESS, MODULO_NETWORK)
wallet:  --wallet-dir DIR (default $MODULO_WALLET_DIR or data/wallet)
output:  --json (one JSON document on stdout; errors as {"error": {code, message}})`;

/** node:util parseArgs, with parse errors as USAGE. */
export function parse<O extends Options>(argv: readonly string[], options: O, positionals: { min: number; max: number; usage: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ModuloError('USAGE', `${(error as Error).message}\n${positionals.usage}`, {}, { cause: error });
  }
  const help = (parsed.values as Record<string, unknown>).help === true;
  if (!help && (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max)) {
    throw new ModuloError('USAGE', positionals.usage);
  }
  return { values: parsed.values, positionals: parsed.positionals, help };
}

export function walletDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.MODULO_WALLET_DIR ?? join(homeDir(env), 'wallet');
}

export function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ModuloError('USAGE', `${flag} takes a non-negative integer, got "${value}"`);
  return Number(value);
}
