import { verifySetup } from '../../audit/verify-setup.js';
import { ModuloError } from '../../core/errors.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

const USAGE = `usage: modulo verify-setup --zkey FILE [--circuit NAME | --r1cs FILE] [--ptau FILE]

Checks a Groth16 proving key: gamma2 != delta2 (a key without any phase-2 contribution lets anyone forge
proofs) and, given the circuit's r1cs and the phase-1 powers-of-tau file, snarkjs' full \`zkey verify\`
(the key belongs to that circuit and that ptau, with every contribution accounted for). --circuit NAME
rebuilds the r1cs of a circuit of circuits/circuits.json from this repository's sources (a linked
circuit: its parts compiled and linked again) and checks that the key's header and its sidecar describe
it; with --ptau, zkey verify then runs against the rebuilt r1cs. Dev keys (make circuits, devnet) have
no ptau behind them: they are insecure by construction (docs/setup.md).`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { zkey: { type: 'string' }, r1cs: { type: 'string' }, ptau: { type: 'string' }, circuit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
    const { values, help } = parse(argv, options, { min: 0, max: 0, usage: USAGE });
    if (help) return void io.line(USAGE);
    if (values.zkey === undefined) throw new ModuloError('USAGE', USAGE);
    const r = await verifySetup({
      zkey: values.zkey,
      ...(values.r1cs !== undefined ? { r1cs: values.r1cs } : {}),
      ...(values.ptau !== undefined ? { ptau: values.ptau } : {}),
      ...(values.circuit !== undefined ? { circuit: values.circuit } : {}),
      log: (line) => io.note(line),
    });
    io.result(r);
    io.line(`${r.zkey}: Groth16, ${r.nPublic} public input(s)`);
    if (r.meta !== null) io.line(`  sidecar: ${r.meta.setup} setup of circuit ${r.meta.circuit}${r.meta.insecure ? ' — INSECURE: whoever ran it could forge proofs; devnet only' : `, ${r.meta.setup === 'ceremony' ? r.meta.contributions.length : 0} contribution(s)`}`);
    if (r.meta?.build) io.line(`  built ${r.meta.build.form}: ${r.meta.build.batchSize} slots from parts ${Object.entries(r.meta.build.parts).map(([kind, p]) => `${kind} ${p.main}`).join(', ')}`);
    io.line(`  gamma2 != delta2: ${r.gammaDeltaDistinct ? 'yes' : 'NO — proofs for this key can be forged (no phase-2 contribution)'}`);
    if (r.circuitCheck !== null) {
      const c = r.circuitCheck;
      io.line(`  circuit ${c.circuit} rebuilt (${c.form}), r1cs ${c.r1csSha256}: key header ${c.keyShapeMatches ? 'matches' : 'DIFFERS'}, sidecar ${c.sidecarMatches === null ? 'absent' : c.sidecarMatches ? 'matches' : 'DIFFERS'}`);
      for (const d of c.differences) io.line(`    ${d}`);
    }
    io.line(`  zkey verify against r1cs and ptau: ${r.zkeyVerified === null ? 'not run (give --ptau and --r1cs or --circuit)' : r.zkeyVerified ? 'passed' : 'FAILED'}`);
    io.line(r.ok ? 'ok' : 'FAILED');
    return r.ok ? 0 : 1;
  },
};
