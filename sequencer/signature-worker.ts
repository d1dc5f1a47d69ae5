import { parentPort, workerData } from 'node:worker_threads';
import type { RollupDomain } from '../core/tx.js';
import { checkSignature } from './signature-verifier.js';
import type { VerifyRequest, VerifyResponse } from './signature-pool.js';

/** Worker thread of SignaturePool: hashes and verifies the txs of each request, in order. */
const domain = workerData as RollupDomain;
parentPort?.on('message', (request: VerifyRequest) => {
  const results = request.items.map(({ tx, publicKey }) => {
    try {
      return checkSignature(tx, publicKey, domain);
    } catch {
      return { hash: 0n, valid: false };
    }
  });
  const response: VerifyResponse = { id: request.id, results };
  parentPort?.postMessage(response);
});
