import { verifySetup } from '../../audit/verify-setup.js';
import { ModuloError } from '../../core/errors.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

const USAGE = `usage: modulo verify-setup --zkey FILE [--r1cs FILE --ptau FILE]

Checks a Groth16 proving key: gamma2 != delta2 (a key without any phase-2 contribution lets anyone forge
proofs) and, given the circuit's r1cs and the phase-1 powers-of-tau file, snarkjs' full \`zkey verify\`
(the key belongs to that circuit and that ptau, with every contribution accounted for). Dev keys
(make circuits, devnet) have no ptau behind them: they are insecure by construction (docs/setup.md).`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { zkey: { type: 'string' }, r1cs: { type: 'string' }, ptau: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
    const { values, help } = parse(argv, options, { min: 0, max: 0, usage: USAGE });
    if (help) return void io.line(USAGE);
    if (values.zkey === undefined) throw new ModuloError('USAGE', USAGE);
    const r = await verifySetup({
      zkey: values.zkey,
      ...(values.r1cs !== undefined ? { r1cs: values.r1cs } : {}),
      ...(values.ptau !== undefined ? { ptau: values.ptau } : {}),
      log: (line) => io.note(line),
    });
    io.result(r);
    io.line(`${r.zkey}: Groth16, ${r.nPublic} public input(s)`);
    if (r.meta !== null) io.line(`  sidecar: ${r.meta.setup} setup of circuit ${r.meta.circuit}${r.meta.insecure ? ' — INSECURE: whoever ran it could forge proofs; devnet only' : `, ${r.meta.setup === 'ceremony' ? r.meta.contributions.length : 0} contribution(s)`}`);
    io.line(`  gamma2 != delta2: ${r.gammaDeltaDistinct ? 'yes' : 'NO — proofs for this key can be forged (no phase-2 contribution)'}`);
    io.line(`  zkey verify against r1cs and ptau: ${r.zkeyVerified === null ? 'not run (give --r1cs and --ptau)' : r.zkeyVerified ? 'passed' : 'FAILED'}`);
    io.line(r.ok ? 'ok' : 'FAILED');
    return r.ok ? 0 : 1;
  },
};
