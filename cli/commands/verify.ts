import { join } from 'node:path';
import { auditRollup, type AuditReport } from '../../audit/audit.js';
import { ModuloError } from '../../core/errors.js';
import { ROOT } from '../../wallet/network.js';
import { integer, parse } from '../args.js';
import type { Command } from '../command.js';
import type { Io } from '../io.js';

const USAGE = `usage: modulo verify --rpc URL --rollup ADDRESS [--from-block N] [--vkey ID=FILE]... [--vkeys DIR]

Audits a rollup from L1 alone, trusting only the L1 node: checks that each registered verifier is the one
its verification key generates (the Solidity verifier regenerated and compiled, runtime bytecode compared
without the metadata hash); replays every batch from genesis with core from L1 data (the queued L1 txs and
each commit's calldata); compares each batch's new root, withdrawals and public input with what the
contract stored; verifies every proof posted on L1 with snarkjs. Exit 1 on any mismatch, naming the first
bad batch. Verification keys: --vkey ID=FILE per circuit id, or <DIR>/<name>/verification_key.json for the
circuit of circuits/circuits.json with the registered sizes (--vkeys, default build/circuits).`;

function printReport(io: Io, r: AuditReport): void {
  io.line(`rollup ${r.rollup} on chain ${r.chainId}: deployed in block ${r.deployBlock}, read up to block ${r.head}, depth ${r.depth}`);
  for (const c of r.circuits) {
    io.line(`  circuit ${c.id} ${c.name} (${c.batchSize} slots, ${c.feeSlots} fee slots): verifier ${c.verifier} ${c.verifierCheck.matches ? 'matches' : 'DOES NOT MATCH'} ${c.vkeyPath}`);
  }
  io.line(`  L1 queue: ${r.l1QueueLength} txs`);
  for (const b of r.batches) {
    io.line(`  batch ${String(b.batchNumber).padEnd(4)} ${String(b.l1TxCount).padStart(2)} L1 + ${String(b.l2TxCount).padStart(2)} L2 slots, ${b.withdrawals} withdrawals   root, withdrawals, public input ok   proof ${b.proof}`);
  }
  for (const f of r.findings) io.line(`  MISMATCH${f.batchNumber === null ? '' : ` at batch ${f.batchNumber}`} (${f.check}): ${f.message}`);
  if (r.ok) {
    io.line(`verified: ${r.batches.length} batches (${r.lastFinalized} finalized), state root ${r.stateRoot}`);
  } else {
    io.line(r.firstBadBatch === null ? 'FAILED: the deployment does not check out' : `FAILED: first bad batch ${r.firstBadBatch}`);
  }
}

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = {
      rpc: { type: 'string' }, rollup: { type: 'string' }, 'from-block': { type: 'string' },
      vkey: { type: 'string', multiple: true }, vkeys: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } as const;
    const { values, help } = parse(argv, options, { min: 0, max: 0, usage: USAGE });
    if (help) return void io.line(USAGE);
    if (values.rpc === undefined || values.rollup === undefined) throw new ModuloError('USAGE', USAGE);
    const vkeys: Record<number, string> = {};
    for (const v of values.vkey ?? []) {
      const m = /^(\d+)=(.+)$/.exec(v);
      if (m === null) throw new ModuloError('USAGE', `--vkey takes ID=FILE, got "${v}"`);
      vkeys[Number(m[1])] = m[2]!;
    }
    const fromBlock = integer(values['from-block'], '--from-block');
    const report = await auditRollup({
      rpcUrl: values.rpc, rollup: values.rollup, vkeys, vkeysDir: values.vkeys ?? join(ROOT, 'build', 'circuits'),
      ...(fromBlock !== undefined ? { fromBlock } : {}),
      log: (line) => io.note(`verify: ${line}`),
    });
    io.result(report);
    printReport(io, report);
    return report.ok ? 0 : 1;
  },
};
