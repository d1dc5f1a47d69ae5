import { Contract, JsonRpcProvider, type Signer } from 'ethers';
import type { RollupDomain } from '../core/tx.js';
import { ROLLUP_ABI } from '../l1/rollup-abi.js';
import { ModuloError } from '../core/errors.js';
import { resolveEndpoints, resolveL1Endpoints, type EndpointFlags, type Endpoints, type L1Endpoints } from './network.js';
import { SequencerApi } from './sequencer-api.js';

/** What a command that only reads and calls L1 works with (exodus, claims): an L1 provider and the Rollup. */
export interface L1Context {
  readonly endpoints: L1Endpoints;
  readonly provider: JsonRpcProvider;
  readonly rollup: Contract;
  /** The chain id from the L1 node and the configured rollup address: what L2 signatures bind to. */
  readonly domain: RollupDomain;
  rollupAs(signer: Signer): Contract;
  close(): void;
}

/** What every wallet command works with: the L1 context, the sequencer API and the wallet directory. */
export interface WalletContext extends L1Context {
  readonly endpoints: Endpoints;
  readonly sequencer: SequencerApi;
  readonly walletDir: string;
  /** Throws DOMAIN_MISMATCH when the sequencer follows another chain or rollup than the one configured. */
  checkSequencer(): Promise<void>;
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

async function connectL1<E extends L1Endpoints>(endpoints: E): Promise<L1Context & { readonly endpoints: E }> {
  const chainId = await l1ChainId(endpoints.rpcUrl);
  const provider = new JsonRpcProvider(endpoints.rpcUrl, Number(chainId), { staticNetwork: true, pollingInterval: 250, cacheTimeout: -1 });
  const rollup = new Contract(endpoints.rollupAddress, ROLLUP_ABI, provider);
  return {
    endpoints,
    provider,
    rollup,
    domain: { chainId, rollupAddress: BigInt(endpoints.rollupAddress) },
    rollupAs: (signer) => rollup.connect(signer) as Contract,
    close: () => provider.destroy(),
  };
}

/** The L1 context of the flags: needs only the L1 node and the rollup address, never a sequencer. */
export async function openL1Context(flags: Omit<EndpointFlags, 'sequencer'>, env: NodeJS.ProcessEnv = process.env): Promise<L1Context> {
  return connectL1(resolveL1Endpoints(flags, env));
}

export async function openContext(flags: EndpointFlags, walletDir: string, env: NodeJS.ProcessEnv = process.env): Promise<WalletContext> {
  const l1 = await connectL1(resolveEndpoints(flags, env));
  const { endpoints, domain: { chainId } } = l1;
  const sequencer = new SequencerApi(endpoints.sequencerUrl);
  return {
    ...l1,
    sequencer,
    walletDir,
    checkSequencer: async () => {
      const state = await sequencer.state();
      if (state.rollupAddress.toLowerCase() !== endpoints.rollupAddress.toLowerCase() || BigInt(state.chainId) !== chainId) {
        throw new ModuloError('DOMAIN_MISMATCH', `the sequencer at ${endpoints.sequencerUrl} follows rollup ${state.rollupAddress} on chain ${state.chainId}, not ${endpoints.rollupAddress} on chain ${chainId}`);
      }
    },
  };
}
