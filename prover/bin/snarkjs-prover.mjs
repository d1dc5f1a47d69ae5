#!/usr/bin/env node
/**
 * A reference implementation of rapidsnark's command line on snarkjs' Groth16 prover:
 *
 *     snarkjs-prover.mjs <circuit.zkey> <witness.wtns> <proof.json> <public.json>
 *
 * Same arguments, same output files (proof.json: pi_a, pi_b, pi_c as decimal strings and
 * "protocol": "groth16", as rapidsnark writes it; public.json: the public signals), exit status 0 on
 * success and non-zero with a message on stderr otherwise. It exists so the worker's external backend
 * (prover/backends/external.ts) runs for real without rapidsnark installed. It is NOT a speedup: it is
 * the in-process snarkjs prover in a separate process. Use rapidsnark, or a GPU prover speaking the
 * same CLI, for speed.
 *
 * Plain JavaScript on purpose: it must start with nothing but Node and the snarkjs package.
 */
import { writeFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';

const USAGE = 'usage: snarkjs-prover.mjs <circuit.zkey> <witness.wtns> <proof.json> <public.json>';

const args = process.argv.slice(2);
if (args.length !== 4 || args.some((a) => a === '' || a.startsWith('-'))) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const [zkeyPath, wtnsPath, proofPath, publicPath] = args;

// Started by a worker that is then killed outright: do not prove on for nobody.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(3);
}, 1000).unref();

try {
  const { proof, publicSignals } = await snarkjs.groth16.prove(zkeyPath, wtnsPath);
  writeFileSync(proofPath, JSON.stringify({ pi_a: proof.pi_a, pi_b: proof.pi_b, pi_c: proof.pi_c, protocol: 'groth16' }));
  writeFileSync(publicPath, JSON.stringify(publicSignals));
  await globalThis.curve_bn128?.terminate();
  process.exit(0);
} catch (error) {
  process.stderr.write(`snarkjs-prover: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
