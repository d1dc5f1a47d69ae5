/**
 * The batched half of a generated verifier: `verifyProofs`, appended to snarkjs' Groth16 verifier of the same
 * key so that one contract per circuit checks one proof (snarkjs' own `verifyProof`) or k proofs with one
 * pairing call of k + 3 pairs. It reads the key from the constants snarkjs' template declares (alphax, betax1,
 * …, IC0x, IC1y, r, q), so it is generated from the key exactly as the single verifier is; export.ts (from a
 * zkey) and audit/verifier-code.ts (from a verification key) both finish their source with
 * `finishVerifierSource`, so `modulo verify` regenerates the whole contract.
 *
 * The check (random linear combination, Fiat–Shamir): with proofs (Aᵢ, Bᵢ, Cᵢ), public inputs xᵢ and
 * coefficients ρ₀ = 1, ρᵢ = 2^128 + the top 128 bits of keccak256(seed ‖ i), seed = keccak256(every proof ‖
 * every input),
 *     Πᵢ e(−ρᵢAᵢ, Bᵢ) · e((Σρᵢ)α, β) · e((Σρᵢ)·IC0 + (Σρᵢxᵢ)·IC1, γ) · e(ΣρᵢCᵢ, δ) = 1,
 * which is the product of the k Groth16 equations raised to ρᵢ: it holds for an invalid proof with
 * probability at most 2^-128 (GT has prime order r > 2^253, and each ρᵢ with i ≥ 1 takes 2^128 values).
 */

/** EIP-197's twist coefficient b' = 3 / (9 + u) of G2: y² = x³ + b' over Fq2 (c0 + c1·u). */
export const TWIST_B = {
  c0: 19485874751759354771024239261021720505790618469301721065564631296452457478373n,
  c1: 266929791119991161246907387137283842545076965332900288569378510910307636690n,
} as const;

/**
 * `verifyProofs` for a key with one public input. False (never a revert) when the lengths differ or are zero,
 * a public input is ≥ r, a coordinate is ≥ q, or a point is not on its curve (checked here, G2 included, so
 * the precompiles only fail on a G2 point outside the r-torsion subgroup, which the pairing precompile
 * rejects); otherwise the pairing check's verdict.
 */
export function batchVerifierFunction(): string {
  return `
    // Batched verification (proving-kit/export-batch-verifier.ts; not part of snarkjs' template).
    uint256 constant twistB0 = ${TWIST_B.c0};
    uint256 constant twistB1 = ${TWIST_B.c1};

    function verifyProofs(uint256[8][] calldata proofs, uint256[] calldata pubSignals) external view returns (bool) {
        assembly {
            function fail() {
                mstore(0, 0)
                return(0, 0x20)
            }

            // (x, y) on y² = x³ + 3, both coordinates below q.
            function checkG1(x, y) {
                if iszero(and(and(lt(x, q), lt(y, q)), eq(mulmod(y, y, q), addmod(mulmod(mulmod(x, x, q), x, q), 3, q)))) { fail() }
            }

            // B as snarkjs' calldata orders it (x.c1, x.c0, y.c1, y.c0): on y² = x³ + b' over Fq2, coordinates below q.
            function checkG2(p) {
                let x1 := calldataload(p)
                let x0 := calldataload(add(p, 32))
                let y1 := calldataload(add(p, 64))
                let y0 := calldataload(add(p, 96))
                if iszero(and(and(lt(x0, q), lt(x1, q)), and(lt(y0, q), lt(y1, q)))) { fail() }
                let s0 := addmod(mulmod(x0, x0, q), sub(q, mulmod(x1, x1, q)), q)
                let s1 := mulmod(add(x0, x0), x1, q)
                let c0 := addmod(addmod(mulmod(s0, x0, q), sub(q, mulmod(s1, x1, q)), q), twistB0, q)
                let c1 := addmod(addmod(mulmod(s0, x1, q), mulmod(s1, x0, q), q), twistB1, q)
                if iszero(and(eq(addmod(mulmod(y0, y0, q), sub(q, mulmod(y1, y1, q)), q), c0), eq(mulmod(add(y0, y0), y1, q), c1))) { fail() }
            }

            // dst (64 bytes) := s * (x, y), with dst .. dst + 96 as its input.
            function ecMul(dst, x, y, s) {
                mstore(dst, x)
                mstore(add(dst, 32), y)
                mstore(add(dst, 64), s)
                if iszero(staticcall(gas(), 7, dst, 96, dst, 64)) { fail() }
            }

            function storeG2(p, x1, x2, y1, y2) {
                mstore(p, x1)
                mstore(add(p, 32), x2)
                mstore(add(p, 64), y1)
                mstore(add(p, 96), y2)
            }

            // Memory from m: ΣρC (64 bytes), then a product (64, with 32 more for its input) so that their ecAdd
            // reads m .. m + 128, then Σρ and Σρx (32 each), and from m + 224 the k + 3 pairs (192 bytes each: G1 then
            // G2).
            let k := proofs.length
            if or(iszero(k), iszero(eq(k, pubSignals.length))) { fail() }
            let m := mload(0x40)
            calldatacopy(add(m, 224), proofs.offset, shl(8, k))
            calldatacopy(add(m, add(224, shl(8, k))), pubSignals.offset, shl(5, k))
            // The seed stays at 0 (nothing below writes there); ρᵢ hashes it with i (at 32).
            mstore(0, keccak256(add(m, 224), mul(k, 288)))
            mstore(add(m, 160), 1)
            // Proof i's pair (at m + 224 + 192i: G1, then B copied from the calldata) and its part of ΣρC, Σρ and Σρx;
            // ρ₀ = 1: the pair takes −A, and ΣρC starts at C; for i ≥ 1 the pair takes (r − ρ)A = −ρA (G1 has order r).
            for { let i := 0 } lt(i, k) { i := add(i, 1) } {
                let x := calldataload(add(pubSignals.offset, shl(5, i)))
                if iszero(lt(x, r)) { fail() }
                let p := add(proofs.offset, shl(8, i))
                let ax := calldataload(p)
                let ay := calldataload(add(p, 32))
                checkG1(ax, ay)
                checkG2(add(p, 64))
                let cx := calldataload(add(p, 192))
                let cy := calldataload(add(p, 224))
                checkG1(cx, cy)
                switch i
                case 0 {
                    mstore(add(m, 224), ax)
                    mstore(add(add(m, 224), 32), mod(sub(q, ay), q))
                    mstore(m, cx)
                    mstore(add(m, 32), cy)
                    mstore(add(m, 192), x)
                }
                default {
                    mstore(32, i)
                    let rho := or(shl(128, 1), shr(128, keccak256(0, 64)))
                    // Σρ < k * 2^129 never wraps.
                    mstore(add(m, 160), add(mload(add(m, 160)), rho))
                    mstore(add(m, 192), addmod(mload(add(m, 192)), mulmod(rho, x, r), r))
                    ecMul(add(add(m, 224), mul(i, 192)), ax, ay, sub(r, rho))
                    ecMul(add(m, 64), cx, cy, rho)
                    if iszero(staticcall(gas(), 6, m, 128, m, 64)) { fail() }
                }
                calldatacopy(add(add(m, 224), add(mul(i, 192), 64)), add(p, 64), 128)
            }
            let pairs := add(m, 224)
            let pair := add(pairs, mul(k, 192))
            let sumR := mload(add(m, 160))

            // The key's pairs: ((Σρ)α, β), ((Σρ)IC0 + (Σρx)IC1, γ), (ΣρC, δ); a lone proof (Σρ = 1) needs no ecMul for
            // α and IC0.
            let vkx := add(pair, 192)
            mstore(add(pair, 384), mload(m))
            mstore(add(pair, 416), mload(add(m, 32)))
            storeG2(add(pair, 448), deltax1, deltax2, deltay1, deltay2)
            switch sumR
            case 1 {
                mstore(pair, alphax)
                mstore(add(pair, 32), alphay)
                mstore(vkx, IC0x)
                mstore(add(vkx, 32), IC0y)
            }
            default {
                ecMul(pair, alphax, alphay, sumR)
                ecMul(vkx, IC0x, IC0y, sumR)
            }
            storeG2(add(pair, 64), betax1, betax2, betay1, betay2)
            storeG2(add(vkx, 64), gammax1, gammax2, gammay1, gammay2)
            mstore(m, mload(vkx))
            mstore(add(m, 32), mload(add(vkx, 32)))
            ecMul(add(m, 64), IC1x, IC1y, mload(add(m, 192)))
            if iszero(staticcall(gas(), 6, m, 128, vkx, 64)) { fail() }

            let ok := staticcall(gas(), 8, pairs, mul(add(k, 3), 192), 0, 0x20)
            mstore(0, and(ok, mload(0)))
            return(0, 0x20)
        }
    }
`;
}

/**
 * Finishes snarkjs' rendered Groth16 verifier (`generated`, contract Groth16Verifier) as Modulo deploys it:
 * renamed `contractName`, with the generated header and, for one public input, `is IBatchVerifier` and the
 * batched `verifyProofs`. export.ts and audit/verifier-code.ts both call this, so their output is the same.
 */
export function finishVerifierSource(generated: string, nPublic: number, contractName: string, source: string): string {
  if (!/\bcontract Groth16Verifier\b/.test(generated)) throw new Error('invariant: the pinned snarkjs template has no Groth16Verifier contract');
  const withInterface = nPublic === 1;
  const header = [`// GENERATED by scripts/circuits/export.ts from ${source} (snarkjs template + batched verification). Do not edit:`, '// regenerate with `make circuits`.'].join('\n');
  let out = generated.replace(/\bcontract Groth16Verifier\b/, `contract ${contractName}${withInterface ? ' is IBatchVerifier' : ''}`);
  out = out.replace(/(pragma solidity [^;]+;)/, `$1\n\n${header}${withInterface ? '\n\nimport {IBatchVerifier} from "../interfaces/IBatchVerifier.sol";' : ''}`);
  if (!withInterface) return out;
  const end = out.lastIndexOf('}');
  if (end < 0) throw new Error('invariant: the pinned snarkjs template has no closing brace');
  return `${out.slice(0, end).trimEnd()}\n${batchVerifierFunction()}}\n`;
}
