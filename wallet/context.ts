import { Contract, JsonRpcProvider, type Signer } from 'ethers';
import type { RollupDomain } from '../core/tx.js';
import { ROLLUP_ABI } from '../l1/rollup-abi.js';
import { ModuloError } from '../core/errors.js';
import { resolveEndpoints, type EndpointFlags, type Endpoints } from './network.js';
import { SequencerApi } from './sequencer-api.js';

/** What every wallet command works with: the endpoints, an L1 provider, the Rollup and the sequencer API. */
export interface WalletContext {
  readonly endpoints: Endpoints;
  readonly provider: JsonRpcProvider;
  readonly rollup: Contract;
  readonly sequencer: SequencerApi;
  readonly walletDir: string;
  /** The chain id from the L1 node and the configured rollup address: what L2 signatures bind to. */
  readonly domain: RollupDomain;
  /** Throws DOMAIN_MISMATCH when the sequencer follows another chain or rollup than the one configured. */
  checkSequencer(): Promise<void>;
  rollupAs(signer: Signer): Contract;
  close(): void;
}

/** eth_chainId with a timeout: a node that does not answer is an error now, not an ethers retry loop. */
export async function l1ChainId(rpcUrl: string, timeoutMs = 10_000): Promise<bigint> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { result?: string };
    if (typeof body.result !== 'string') throw new ModuloError('BAD_RESPONSE', `no chain id in ${JSON.stringify(body).slice(0, 200)}`);
    return BigInt(body.result);
  } catch (error) {
    throw new ModuloError('L1_UNREACHABLE', `the L1 node at ${rpcUrl} does not answer (${(error as Error).message})`, {}, { cause: error });
  }
}

export async function openContext(flags: EndpointFlags, walletDir: string, env: NodeJS.ProcessEnv = process.env): Promise<WalletContext> {
  const endpoints = resolveEndpoints(flags, env);
  const chainId = await l1ChainId(endpoints.rpcUrl);
  const provider = new JsonRpcProvider(endpoints.rpcUrl, Number(chainId), { staticNetwork: true, pollingInterval: 250, cacheTimeout: -1 });
  const rollup = new Contract(endpoints.rollupAddress, ROLLUP_ABI, provider);
  const sequencer = new SequencerApi(endpoints.sequencerUrl);
  return {
    endpoints,
    provider,
    rollup,
    sequencer,
    walletDir,
    domain: { chainId, rollupAddress: BigInt(endpoints.rollupAddress) },
    checkSequencer: async () => {
      const state = await sequencer.state();
      if (state.rollupAddress.toLowerCase() !== endpoints.rollupAddress.toLowerCase() || BigInt(state.chainId) !== chainId) {
        throw new ModuloError('DOMAIN_MISMATCH', `the sequencer at ${endpoints.sequencerUrl} follows rollup ${state.rollupAddress} on chain ${state.chainId}, not ${endpoints.rollupAddress} on chain ${chainId}`);
      }
    },
    rollupAs: (signer) => rollup.connect(signer) as Contract,
    close: () => provider.destroy(),
  };
}
