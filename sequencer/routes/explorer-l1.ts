import { Contract, JsonRpcProvider, Network } from 'ethers';
import type { Token } from '../../api/explorer.js';
import type { SequencerNode } from '../node.js';
import { addressHex } from '../../api/scalars.js';

const ROLLUP_READS = [
  'function credit(address ethAddr, uint32 tokenId) view returns (uint256)',
  'function tokenAddress(uint32 tokenId) view returns (address)',
  'function tokenCount() view returns (uint32)',
] as const;
const ERC20_READS = ['function symbol() view returns (string)', 'function decimals() view returns (uint8)'] as const;

const ETH: Token = { tokenId: 0, symbol: 'ETH', decimals: 18, address: null };
/** An L1 node that does not answer within this is treated as absent: the explorer shows what the store has. */
const L1_TIMEOUT_MS = 3_000;
const TOKENS_TTL_MS = 30_000;

function timeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('L1 node timed out')), L1_TIMEOUT_MS);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * What the explorer reads from the L1 node the sequencer is configured with: the gas of the sequencer's
 * rollup calls, the token registry and claimable credits. Every read fails soft (null, or ETH alone)
 * when there is no L1 node or it does not answer; receipts of mined calls never change and are cached.
 */
export class ExplorerL1 {
  readonly #node: SequencerNode;
  #provider: JsonRpcProvider | null = null;
  readonly #receipts = new Map<string, { gasUsed: string; blockNumber: number }>();
  #tokens: { at: number; tokens: Token[] } | null = null;

  constructor(node: SequencerNode) {
    this.#node = node;
  }

  get #l1(): { provider: JsonRpcProvider; rollup: Contract } | null {
    const { l1, domain } = this.#node.config;
    if (l1 === null) return null;
    this.#provider ??= new JsonRpcProvider(l1.rpcUrl, Network.from(domain.chainId), { staticNetwork: true });
    return { provider: this.#provider, rollup: new Contract(addressHex(domain.rollupAddress), ROLLUP_READS, this.#provider) };
  }

  /** The gas an L1 transaction used, once mined; null when unknown. */
  async receipt(l1TxHash: string): Promise<{ gasUsed: string; blockNumber: number } | null> {
    const cached = this.#receipts.get(l1TxHash);
    if (cached !== undefined) return cached;
    const l1 = this.#l1;
    if (l1 === null) return null;
    const receipt = await timeout(l1.provider.getTransactionReceipt(l1TxHash)).catch(() => null);
    if (receipt === null) return null;
    const found = { gasUsed: receipt.gasUsed.toString(), blockNumber: receipt.blockNumber };
    this.#receipts.set(l1TxHash, found);
    return found;
  }

  /** The rollup's token registry (tokenId 0 is ETH); ETH alone without an L1 node. */
  async tokens(): Promise<Token[]> {
    const l1 = this.#l1;
    if (l1 === null) return [ETH];
    if (this.#tokens !== null && Date.now() - this.#tokens.at < TOKENS_TTL_MS) return this.#tokens.tokens;
    const read = async (): Promise<Token[]> => {
      const count = Number(await l1.rollup.getFunction('tokenCount')());
      const ids = Array.from({ length: Math.max(0, count - 1) }, (_, i) => i + 1); // tokenId 0 is ETH
      const erc20s = await Promise.all(ids.map(async (tokenId) => {
        const address = String(await l1.rollup.getFunction('tokenAddress')(tokenId)).toLowerCase();
        const erc20 = new Contract(address, ERC20_READS, l1.provider);
        const [symbol, decimals] = await Promise.all([
          erc20.getFunction('symbol')().catch(() => `TOKEN${tokenId}`) as Promise<string>,
          erc20.getFunction('decimals')().catch(() => 18n) as Promise<bigint>,
        ]);
        return { tokenId, symbol, decimals: Number(decimals), address };
      }));
      return [ETH, ...erc20s];
    };
    const tokens = await timeout(read()).catch(() => null);
    if (tokens === null) return this.#tokens?.tokens ?? [ETH];
    this.#tokens = { at: Date.now(), tokens };
    return tokens;
  }

  /** What `ethAddr` can claim on L1, per registered token (non-zero only); null without an L1 node. */
  async credits(ethAddr: string): Promise<Array<{ tokenId: number; amount: string }> | null> {
    const l1 = this.#l1;
    if (l1 === null) return null;
    const tokens = await this.tokens();
    const amounts = await timeout(Promise.all(tokens.map((t) => l1.rollup.getFunction('credit')(ethAddr, t.tokenId) as Promise<bigint>))).catch(() => null);
    if (amounts === null) return null;
    return tokens.map((t, i) => ({ tokenId: t.tokenId, amount: amounts[i]!.toString() })).filter((c) => c.amount !== '0');
  }

  close(): void {
    this.#provider?.destroy();
    this.#provider = null;
  }
}
