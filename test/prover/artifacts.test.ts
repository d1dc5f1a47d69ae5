import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ArtifactStore } from '../../prover/artifacts.js';
import { SequencerClient } from '../../prover/sequencer-client.js';
import type { Network } from '../../proving-kit/key-meta.js';
import { FakeSequencer } from './fixtures/fake-sequencer.js';
import { buildToyCircuit, type ToyCircuit } from '../fixtures/toy-circuit.js';

let tmp: string;
let toy: ToyCircuit;
let seq: FakeSequencer;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'modulo-prover-artifacts-'));
  toy = await buildToyCircuit(join(tmp, 'served'));
  seq = new FakeSequencer(toy.root);
  await seq.start();
});

afterAll(async () => {
  await seq.stop();
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  seq.calls.length = 0;
  seq.tamper.clear();
});

const store = (dir: string, network: Network = 'devnet') => new ArtifactStore({ client: new SequencerClient({ baseUrl: seq.url }), dir, network });
const downloads = () => seq.count(/^GET /);
const fresh = () => mkdtempSync(join(tmp, 'worker-'));

describe('ArtifactStore: files by circuit name, checked by sha256', () => {
  test('downloads each artifact once, checked against the announced sha256, and reuses the cache', async () => {
    const dir = fresh();
    const files = await store(dir).forCircuit('toy');
    expect(downloads()).toBe(3);
    expect(readFileSync(files.zkey)).toEqual(readFileSync(toy.zkey));
    expect(files.zkey).toBe(join(dir, 'toy', `${files.sha256.zkey}.zkey`));
    expect(files.vkey.nPublic).toBe(1);
    // Another worker on the same folder: the cache serves it; only the hashes are asked for.
    await store(dir).forCircuit('toy');
    expect(downloads()).toBe(3);
    expect(seq.count(/^HEAD /)).toBe(8);
  });

  test('refuses a download whose bytes do not hash to the announced sha256 and keeps nothing of it', async () => {
    const dir = fresh();
    seq.tamper.add('zkey');
    await expect(store(dir).forCircuit('toy')).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    expect(readdirSync(join(dir, 'toy')).filter((f) => f.includes('zkey'))).toEqual([]);
    seq.tamper.clear();
    const files = await store(dir).forCircuit('toy');
    expect(readFileSync(files.zkey)).toEqual(readFileSync(toy.zkey));
  });

  test('a download cut off mid-way is resumed with a byte range and checked whole', async () => {
    const dir = fresh();
    seq.cutAfter.set('zkey', 1000);
    const files = await store(dir).forCircuit('toy');
    expect(readFileSync(files.zkey)).toEqual(readFileSync(toy.zkey));
    expect(downloads()).toBe(4);
    expect(readdirSync(join(dir, 'toy')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  test('a resumed download whose bytes do not hash to the announced sha256 keeps nothing', async () => {
    const dir = fresh();
    seq.cutAfter.set('zkey', 1000);
    seq.tamper.add('zkey');
    try {
      await expect(store(dir).forCircuit('toy')).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    } finally {
      seq.tamper.delete('zkey');
    }
    expect(readdirSync(join(dir, 'toy')).filter((f) => f.includes('.zkey'))).toEqual([]);
  });

  test('a cached file damaged on disk is not used: it is downloaded again', async () => {
    const dir = fresh();
    const first = await store(dir).forCircuit('toy');
    writeFileSync(first.wasm, 'garbage');
    seq.calls.length = 0;
    const again = await store(dir).forCircuit('toy');
    expect(seq.count(/^GET .*\/wasm$/)).toBe(1);
    expect(readFileSync(again.wasm)).toEqual(readFileSync(toy.wasm));
  });

  test('uses a build output folder when its files are the sequencer\'s, and downloads the one that differs', async () => {
    const dir = fresh();
    cpSync(toy.dir, join(dir, 'toy'), { recursive: true });
    const local = await store(dir).forCircuit('toy');
    expect(downloads()).toBe(0);
    expect(local.zkey).toBe(join(dir, 'toy', 'circuit.dev.zkey'));
    expect(local.keyMeta?.setup).toBe('dev');
    writeFileSync(join(dir, 'toy', 'main_js', 'main.wasm'), 'stale build');
    const mixed = await store(dir).forCircuit('toy');
    expect(seq.count(/^GET .*\/wasm$/)).toBe(1);
    expect(mixed.zkey).toBe(local.zkey);
    expect(mixed.wasm).toBe(join(dir, 'toy', `${mixed.sha256.wasm}.wasm`));
  });
});

describe('ArtifactStore: the proving key policy of the network', () => {
  test('a dev key is used on devnet and refused on testnet and mainnet', async () => {
    await expect(store(toy.root, 'devnet').forCircuit('toy')).resolves.toMatchObject({ keyMeta: { setup: 'dev' } });
    for (const network of ['testnet', 'mainnet'] as const) {
      await expect(store(toy.root, network).forCircuit('toy')).rejects.toMatchObject({ code: 'DEV_KEY_NOT_ALLOWED' });
    }
  });

  test('a downloaded key without its sidecar counts as a dev key: devnet only', async () => {
    await expect(store(fresh(), 'devnet').forCircuit('toy')).resolves.toMatchObject({ keyMeta: null });
    await expect(store(fresh(), 'testnet').forCircuit('toy')).rejects.toMatchObject({ code: 'KEY_META_MISSING' });
  });

  test('a ceremony sidecar allows testnet, but only for the key it describes', async () => {
    const dir = fresh();
    cpSync(toy.dir, join(dir, 'toy'), { recursive: true });
    const metaPath = join(dir, 'toy', 'circuit.dev.zkey.meta.json');
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(metaPath, JSON.stringify({ ...meta, setup: 'ceremony', insecure: false }));
    await expect(store(dir, 'testnet').forCircuit('toy')).resolves.toMatchObject({ keyMeta: { setup: 'ceremony' } });
    writeFileSync(metaPath, JSON.stringify({ ...meta, setup: 'ceremony', insecure: false, zkeySha256: '00'.repeat(32) }));
    await expect(store(dir, 'testnet').forCircuit('toy')).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
  });

  test('artifacts are fetched with the worker token; without it the sequencer\'s UNAUTHORIZED stops the store', async () => {
    seq.token = 'secret';
    try {
      await expect(store(fresh()).forCircuit('toy')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const dir = fresh();
      const withToken = new ArtifactStore({ client: new SequencerClient({ baseUrl: seq.url, token: 'secret' }), dir, network: 'devnet' });
      expect(readFileSync((await withToken.forCircuit('toy')).zkey)).toEqual(readFileSync(toy.zkey));
    } finally {
      seq.token = null;
    }
  });

  test('a circuit the sequencer does not serve is ARTIFACT_MISSING', async () => {
    const dir = fresh();
    await expect(store(dir).forCircuit('nope')).rejects.toMatchObject({ code: 'ARTIFACT_MISSING' });
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});
