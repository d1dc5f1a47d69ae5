/**
 * Child process of kill-safety.test.ts: builds a funded node in the data directory given, accepts two
 * transfers, then dies by SIGKILL at the point named by the mode. Prints what the parent checks against.
 */
import { alice, bob, fundedNode, transfer } from './fixtures.js';

const [dir, mode] = process.argv.slice(2) as [string, string];
const node = fundedNode({ dataDir: dir });
const die = () => process.kill(process.pid, 'SIGKILL');

if (mode === 'ingest') {
  // Die after the tx row is written, before its transaction commits (the request is never answered).
  const insert = node.store.txs.insert.bind(node.store.txs);
  node.store.txs.insert = (...args) => {
    insert(...args);
    return die() as never;
  };
}
const hashes = await Promise.all([node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n)), node.mempool.submit(transfer(bob, 2, 1, 5n, 0n))]);
console.log(JSON.stringify({ hashes, rootBefore: node.state.root.toString() }));
if (mode === 'seal') {
  // The seal's last write is the prover job: die just before the transaction commits.
  node.store.jobs.enqueue = () => die();
  node.batcher.seal();
}
if (mode === 'after-seal') {
  node.batcher.seal();
  console.log(JSON.stringify({ rootAfter: node.state.root.toString() }));
  die();
}
