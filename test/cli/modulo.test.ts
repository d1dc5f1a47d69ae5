import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../cli/modulo.js';

const home = mkdtempSync(join(tmpdir(), 'modulo-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved = process.env.MODULO_HOME;
  process.env.MODULO_HOME = home;
  try {
    const code = await main(argv, (s) => (out += s), (s) => (err += s));
    return { code, out, err };
  } finally {
    if (saved === undefined) delete process.env.MODULO_HOME;
    else process.env.MODULO_HOME = saved;
  }
}

describe('modulo', () => {
  test('lists the commands', async () => {
    const r = await run('help');
    expect(r.code).toBe(0);
    for (const name of ['devnet', 'account', 'deposit', 'transfer', 'withdraw', 'claim', 'balance', 'tx', 'forced-exit', 'exodus', 'verify', 'verify-setup', 'prover']) {
      expect(r.out).toContain(`  ${name} `);
    }
  });

  test('an unknown command or a bad flag is a usage error: exit 2, `USAGE: …` on stderr', async () => {
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringMatching(/^USAGE: unknown command "frobnicate"/) });
    expect(await run('deposit', 'alice', '1')).toMatchObject({ code: 2, err: expect.stringMatching(/^USAGE: usage: modulo deposit/) });
    expect(await run('balance', 'alice', '--colour')).toMatchObject({ code: 2, err: expect.stringMatching(/^USAGE: Unknown option '--colour'/) });
  });

  test('modulo prover: a bad flag, and --json (its log is JSON lines), are usage errors: exit 2', async () => {
    expect(await run('prover', '--sequencer', 'http://127.0.0.1:1', '--verbose')).toMatchObject({ code: 2, err: expect.stringMatching(/^USAGE: Unknown option '--verbose'/) });
    expect(await run('prover', '--concurrency', '0')).toMatchObject({ code: 2, err: expect.stringMatching(/^USAGE: --sequencer needs an http\(s\) URL/) });
    const json = await run('prover', '--sequencer', 'http://127.0.0.1:1', '--json');
    expect(json).toMatchObject({ code: 2, err: expect.stringMatching(/^USAGE: modulo prover takes no --json/) });
    expect(JSON.parse(json.out)).toMatchObject({ error: { code: 'USAGE' } });
  });

  test('errors print `code: message`; with --json also a JSON error document on stdout', async () => {
    const r = await run('balance', 'nobody', '--json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^WALLET_NOT_FOUND: no wallet account "nobody"/);
    expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'WALLET_NOT_FOUND' } });
  });

  test('account new / list / show, without a network: a random L1 key', async () => {
    const created = await run('account', 'new', 'carol', '--json');
    expect(created.code).toBe(0);
    const json = JSON.parse(created.out) as { name: string; l1Address: string; l1KeyOrigin: string };
    expect(json).toMatchObject({ name: 'carol', l1KeyOrigin: 'a new random key (no devnet found): fund it on L1' });
    expect((await run('account', 'list')).out).toContain(json.l1Address);
    expect((await run('account', 'show', 'carol')).out).toContain('L2 key (BabyJubJub)');
  });

  test('wallet commands without a network say how to get one', async () => {
    const r = await run('account', 'new', 'dave');
    expect(r.code).toBe(0);
    expect(await run('deposit', 'dave', '1', 'ETH')).toMatchObject({ code: 1, err: expect.stringMatching(/^NOT_CONFIGURED: no network configured: start one with `make devnet`/) });
  });

  test('modulo exodus: a wrong subcommand or a missing account is a usage error; it asks for L1 only, never a sequencer', async () => {
    expect(await run('exodus', 'leave', 'dave')).toMatchObject({ code: 2, err: expect.stringMatching(/^USAGE: usage: modulo exodus status/) });
    expect(await run('exodus', 'withdraw')).toMatchObject({ code: 2 });
    expect(await run('exodus', 'refund', 'dave', '--idx', '2')).toMatchObject({ code: 2 });
    const r = await run('exodus', 'status', 'dave');
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/^NOT_CONFIGURED: .*--rpc URL .*--rollup ADDRESS/) });
    expect(r.err).not.toMatch(/sequencer/i);
  });
});
