import { Contract, isAddress, type Provider } from 'ethers';
import { ModuloError } from '../core/errors.js';
import { ERC20_ABI } from '../l1/rollup-abi.js';

/** A token of the rollup's registry: tokenId 0 is ETH (18 decimals). */
export interface TokenInfo {
  readonly tokenId: number;
  readonly symbol: string;
  readonly decimals: number;
  /** null for ETH. */
  readonly address: string | null;
}

export const ETH: TokenInfo = { tokenId: 0, symbol: 'ETH', decimals: 18, address: null };

export async function tokenInfo(rollup: Contract, provider: Provider, tokenId: number): Promise<TokenInfo> {
  if (tokenId === 0) return ETH;
  const count = Number(await rollup.getFunction('tokenCount')());
  if (tokenId >= count) throw new ModuloError('UNKNOWN_TOKEN', `no token ${tokenId}: the rollup has tokens 0..${count - 1}`);
  const address = (await rollup.getFunction('tokenAddress')(tokenId)) as string;
  const erc20 = new Contract(address, ERC20_ABI, provider);
  const [symbol, decimals] = await Promise.all([
    erc20.getFunction('symbol')().catch(() => `TOKEN${tokenId}`) as Promise<string>,
    erc20.getFunction('decimals')().catch(() => 18n) as Promise<bigint>,
  ]);
  return { tokenId, symbol, decimals: Number(decimals), address };
}

export async function listTokens(rollup: Contract, provider: Provider): Promise<TokenInfo[]> {
  const count = Number(await rollup.getFunction('tokenCount')());
  return Promise.all(Array.from({ length: count }, (_, id) => tokenInfo(rollup, provider, id)));
}

/** `ETH`, a tokenId, a symbol (case-insensitive) or an ERC20 address, as registered with the rollup. */
export async function resolveToken(spec: string, rollup: Contract, provider: Provider): Promise<TokenInfo> {
  if (spec.toUpperCase() === 'ETH' || spec === '0') return ETH;
  if (/^\d+$/.test(spec)) return tokenInfo(rollup, provider, Number(spec));
  const tokens = await listTokens(rollup, provider);
  const lower = spec.toLowerCase();
  const found = isAddress(spec)
    ? tokens.find((t) => t.address?.toLowerCase() === lower)
    : tokens.find((t) => t.symbol.toLowerCase() === lower);
  if (found === undefined) {
    throw new ModuloError('UNKNOWN_TOKEN', `no registered token "${spec}"; the rollup has ${tokens.map((t) => `${t.symbol} (${t.tokenId})`).join(', ')}`);
  }
  return found;
}
