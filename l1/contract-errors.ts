import { Interface, type ErrorDescription } from 'ethers';
import { ERC20_ERRORS_ABI, ERROR_NATSPEC, ROLLUP_ABI } from './generated/abi.js';

/**
 * The custom errors a call to the Rollup can revert with (its own, OpenZeppelin's it inherits or calls,
 * and the ERC-20 errors a token's transfer bubbles up), each with its NatSpec as compiled from
 * contracts/interfaces/ and OpenZeppelin (l1/generated/abi.ts), and the decoding of revert data.
 */
export interface ErrorDoc {
  /** `Name(type,type)`: the selector's preimage. */
  readonly signature: string;
  readonly name: string;
  /** @notice, or the @dev text where the error has no notice (OpenZeppelin's). */
  readonly notice: string;
  /** @param texts by argument name. */
  readonly params: Readonly<Record<string, string>>;
}

/** Every error of the Rollup's ABI and IERC20Errors (a signature declared twice is kept once). */
const errorInterface = new Interface([...ROLLUP_ABI, ...ERC20_ERRORS_ABI].filter((f) => f.type === 'error'));

function contractErrors(): ErrorDoc[] {
  const out: ErrorDoc[] = [];
  errorInterface.forEachError((f) => {
    const signature = f.format('sighash');
    const doc = ERROR_NATSPEC[signature] ?? {};
    out.push({ signature, name: f.name, notice: doc.notice ?? doc.dev ?? '', params: doc.params ?? {} });
  });
  return out;
}

export const CONTRACT_ERRORS: readonly ErrorDoc[] = contractErrors();

export interface DecodedRevert {
  readonly name: string;
  readonly args: ReadonlyArray<readonly [string, string]>;
  readonly notice: string;
  /** `Name(a=1, b=0x…)`. */
  readonly text: string;
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

/** The custom error in `data` (a revert's return data), or null for none we know. */
export function decodeRevert(data: string | null | undefined): DecodedRevert | null {
  if (typeof data !== 'string' || data.length < 10) return null;
  let parsed: ErrorDescription | null = null;
  try {
    parsed = errorInterface.parseError(data);
  } catch {
    return null;
  }
  if (parsed === null) return null;
  const args = parsed.fragment.inputs.map((input, i) => [input.name || `arg${i}`, show(parsed.args[i])] as const);
  const notice = CONTRACT_ERRORS.find((d) => d.signature === parsed.signature)?.notice ?? '';
  return { name: parsed.name, args, notice, text: `${parsed.name}(${args.map(([k, v]) => `${k}=${v}`).join(', ')})` };
}
