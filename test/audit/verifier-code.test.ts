import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileVerifier, stripMetadata, verifierSource } from '../../audit/verifier-code.js';
import { renderSolidityVerifier } from '../../proving-kit/export.js';
import type { VerificationKey } from '../../proving-kit/ffjs.js';
import { readArtifact, verifierArtifactPath } from '../../l1/deploy.js';
import { requireBuilt } from '../fixtures/built.js';
import { ROOT } from '../fixtures/root.js';

/** The auditor regenerates verifiers from verification keys alone: it must get export.ts's source and Hardhat's code. */
const dir = join(ROOT, 'build', 'circuits', 'test');
const zkey = join(dir, 'circuit.dev.zkey');
const vkPath = join(dir, 'verification_key.json');
const artifact = join(ROOT, verifierArtifactPath('TestBatchVerifier'));
const built = requireBuilt('the test circuit\'s key (make circuits)', existsSync(zkey) && existsSync(vkPath));

describe('stripMetadata', () => {
  test('drops the CBOR metadata solc appends, and only that', () => {
    const metadata = `a2646970667358221220${'11'.repeat(32)}64736f6c634300081e0033`;
    expect(stripMetadata(`0x6080${metadata}`)).toBe('6080');
    expect(stripMetadata('0x60806040')).toBe('60806040');
  });
});

describe.runIf(built)('the verifier of the test circuit', () => {
  const vk = () => JSON.parse(readFileSync(vkPath, 'utf8')) as VerificationKey;

  test('regenerated from its verification key: the source export.ts writes from the zkey, byte for byte', async () => {
    const source = 'build/circuits/test/circuit.dev.zkey';
    expect(verifierSource(vk(), 'TestBatchVerifier', source)).toBe(await renderSolidityVerifier(zkey, { contractName: 'TestBatchVerifier', source }));
  });

  test.runIf(requireBuilt('the test circuit\'s verifier contract (hardhat build)', existsSync(artifact)))('compiled with the repository\'s settings: Hardhat\'s runtime code, metadata aside', () => {
    const compiled = compileVerifier(verifierSource(vk(), 'TestBatchVerifier', 'a verification key'), 'TestBatchVerifier');
    expect(stripMetadata(compiled)).toBe(stripMetadata(readArtifact(verifierArtifactPath('TestBatchVerifier')).deployedBytecode));
  }, 60_000);
});
