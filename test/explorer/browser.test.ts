import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BatchDetail } from '../../api/explorer.js';
import { ROOT } from '../../wallet/network.js';
import { ensureChromium, ensureExplorerBuilt } from './chromium.js';
import { startActivity, systemBuilt, type Activity } from './explorer-system.js';
import { requireBuilt } from '../fixtures/built.js';

// Page-side expressions are strings: this file is type-checked without the DOM library.

/**
 * The explorer in a real Chromium (Debian's, driven by playwright-core) against a real devnet on the `test`
 * circuit with real proofs: every page renders the system's data, search finds each kind, the in-browser
 * verification says VALID for a real proof and INVALID for a tampered one, nothing logs an error, and
 * the pages fit a phone's width. Screenshots: build/explorer-screenshots/.
 */
const SHOTS = join(ROOT, 'build', 'explorer-screenshots');
let sys: Activity;
let browser: Browser;
let page: Page;
let base: string;
const errors: string[] = [];

beforeAll(async () => {
  if (!systemBuilt) return;
  const executablePath = ensureChromium();
  await ensureExplorerBuilt();
  mkdirSync(SHOTS, { recursive: true });
  sys = await startActivity();
  base = `${sys.devnet.sequencerUrl}/explorer/`;
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
  await sys?.devnet.stop();
  if (sys !== undefined) {
    writeFileSync(join(ROOT, '.cache', 'explorer-devnet.log'), sys.logs.join('\n'));
    rmSync(sys.dir, { recursive: true, force: true });
  }
});

/** Opens a page of the explorer and waits until it has rendered (its title is set and the API answered). */
async function open(hash: string, shot?: string): Promise<void> {
  await page.goto(`${base}${hash}`);
  await page.waitForFunction(`document.body.dataset.rendered === ${JSON.stringify(hash)}`);
  if (shot !== undefined) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
}

const text = (selector = 'main') => page.locator(selector).innerText();
const api = async <T>(path: string) => (await (await fetch(`${sys.devnet.sequencerUrl}${path}`)).json()) as T;

describe.runIf(requireBuilt('the contracts, the test circuit\'s key and the explorer (make test)', systemBuilt))('the explorer in Chromium, on a devnet with real proofs', () => {
  test('overview: state root, batch progress, L1 sync, mempool, charts and the newest batches', async () => {
    const state = await api<{ stateRoot: string; batches: { lastFinalized: number } }>('/v1/state');
    await open('', 'overview');
    expect(await text('[data-testid=state-root]')).toBe(state.stateRoot);
    const main = await text();
    expect(main).toMatch(/LAST FINALIZED\s+batch \d+/i);
    expect(main).toMatch(/L1 SYNCED BLOCK\s+\d+/i);
    expect(main).toMatch(/mempool\s+\d+ L2 · \d+ L1 txs/i);
    expect(await page.locator('.chart canvas').count()).toBe(2);
    expect(await page.locator('table tbody tr').count()).toBeGreaterThanOrEqual(state.batches.lastFinalized);
  });

  let proven: BatchDetail;
  test('batch: slots, L1 calls with their gas, public input recomputed in the browser, circuit size', async () => {
    const tx = await api<{ l2Tx: { batchNumber: number } }>(`/v1/explorer/txs/${sys.transferHash}`);
    proven = await api<BatchDetail>(`/v1/explorer/batches/${tx.l2Tx.batchNumber}`);
    await open(`#/batch/${proven.batchNumber}`, 'batch');
    const main = await text();
    expect(main).toContain('finalized');
    expect(main).toMatch(/commit \(L1\)\s+0x[0-9a-f]{64} · confirmed · block \d+ · gas [\d,]+/);
    expect(main).toMatch(/prove \(L1\)\s+0x[0-9a-f]{64} · confirmed · block \d+ · gas [\d,]+/);
    expect(main).toMatch(/test \(id 0\): 4 slots, 2 fee slots, tree depth 8, [\d,]+ constraints/);
    expect(main).toContain(`${proven.publicInputHash} — agrees`);
    expect(main).toContain('0.25 ETH');
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(4);
  });

  test('verify in the browser: VALID for the real proof', async () => {
    await page.getByRole('button', { name: 'verify in the browser' }).click();
    await page.locator('[data-testid=verdict]').waitFor({ timeout: 120_000 });
    expect(await text('[data-testid=verdict]')).toMatch(new RegExp(`^VALID — .* against public input ${proven.publicInputHash} \\(recomputed here; the sequencer's agrees\\)`));
    await page.screenshot({ path: join(SHOTS, 'batch-verified.png'), fullPage: true });
  });

  test.each([
    ['a tampered proof', 'proof', (b: BatchDetail) => ({ ...b, proof: { ...b.proof!, pi_a: [b.proof!.pi_c[0]!, b.proof!.pi_c[1]!, '1'] } }), /recomputed here; the sequencer's agrees/],
    ['tampered batch data (another new state root)', 'data', (b: BatchDetail) => ({ ...b, newStateRoot: b.oldStateRoot }), /recomputed here; the sequencer's DIFFERS/],
  ])('verify in the browser: INVALID for %s', async (what, slug, tamper, note) => {
    await page.route(`**/v1/explorer/batches/${proven.batchNumber}`, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: tamper((await res.json()) as BatchDetail) });
    });
    try {
      await open(`#/batch/${proven.batchNumber}`);
      await page.reload();
      await page.getByRole('button', { name: 'verify in the browser' }).click();
      await page.locator('[data-testid=verdict]').waitFor({ timeout: 120_000 });
      const verdict = await text('[data-testid=verdict]');
      expect(verdict, what).toMatch(/^INVALID — /);
      expect(verdict).toMatch(note);
      await page.screenshot({ path: join(SHOTS, `batch-tampered-${slug}.png`), fullPage: true });
    } finally {
      await page.unroute(`**/v1/explorer/batches/${proven.batchNumber}`);
      await page.reload(); // the page keeps what it fetched: drop the tampered copy before the next test
    }
  });

  test('transaction: an L2 transfer and an L1 deposit, each with its timeline to finalized, amounts in ETH', async () => {
    await open(`#/tx/${sys.transferHash}`, 'tx');
    const l2 = await text();
    expect(l2).toMatch(/finalized\s+proven on L1: final/);
    expect(l2).toMatch(/pending .*\n?.*included .*\n?.*committed .*\n?.*proven .*\n?.*finalized \d{4}-/);
    expect(l2).toMatch(/amount\s+0\.25 ETH/);
    expect(l2).toMatch(/fee\s+0\.000001 ETH/);
    await open(`#/tx/${sys.depositL1TxHash}`, 'tx-deposit');
    expect(await text()).toMatch(/deposit \(L1 → L2\)[\s\S]*amount\s+1 ETH[\s\S]*queue index\s+\d+/);
  });

  test('account by idx, by L2 key and by L1 address: balances, nonce, recent txs, claimable credits', async () => {
    await open(`#/account/${sys.alice.idx}`, 'account');
    const byIdx = await text();
    expect(byIdx).toMatch(/balance\s+0\.649998 ETH as of the last sealed batch/);
    expect(byIdx).toMatch(/nonce\s+2/);
    expect(byIdx).toContain('0.1 ETH — `modulo claim` sends it to this L1 address');
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(2);
    await open(`#/key/${sys.alice.ax}/${sys.alice.ay}`, 'account-key');
    expect(await text()).toMatch(new RegExp(`idx ${sys.alice.idx}\\s+0\\.649998 ETH\\s+2`));
    await open(`#/address/${sys.alice.l1Address}`, 'account-address');
    const byAddress = await text();
    expect(byAddress).toMatch(new RegExp(`idx ${sys.alice.idx}\\s+0\\.649998 ETH`));
    expect(byAddress).toContain('0.1 ETH');
  });

  test('provers: jobs done and proof times of the test circuit', async () => {
    await open('#/provers', 'provers');
    const main = await text();
    expect(main).toMatch(/done\s+[1-9]\d*/);
    expect(main).toMatch(/test\s+[1-9]\d*\s+\d/);
    expect(main).toMatch(/devnet-prover/);
  });

  const search = async (query: string) => {
    await open('#/batches');
    await page.evaluate('document.activeElement?.blur()'); // '/' types a slash inside the search box
    await page.keyboard.press('/');
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    await page.waitForFunction("document.body.dataset.rendered !== '#/batches' || document.querySelector('.search-message')?.textContent !== ''");
  };

  test('search, from the keyboard: a tx hash, an L1 tx hash, an idx, an address, an L2 key, a batch number', async () => {
    const cases: Array<[string, RegExp]> = [
      [sys.transferHash, /^tx 0x/],
      [sys.depositL1TxHash, /^L1 tx 0x/],
      [`idx ${sys.bob.idx}`, new RegExp(`^account ${sys.bob.idx} `)],
      [sys.alice.l1Address, /^L1 address 0x/],
      [`${sys.alice.ax} ${sys.alice.ay}`, /^L2 key /],
      ['batch 1', /^batch 1 /],
      [String(sys.alice.idx + 1000), /^batches/],
    ];
    for (const [query, title] of cases) {
      await search(query);
      expect(await page.title(), query).toMatch(title);
    }
    expect(await text('.search-message')).toMatch(/no batch \d+ and no account idx \d+/);
    await search('1');
    expect(await page.title()).toMatch(/^search: 1 /);
    expect(await text()).toMatch(/batch 1\s+account idx 1/);
  });

  test('keyboard: a new page focuses its title; Tab goes on into it, Shift+Tab back to the search; Enter follows links and presses buttons', async () => {
    const focused = () => page.evaluate('document.activeElement?.id || document.activeElement?.textContent || ""');
    await open('#/batches');
    expect(await focused()).toBe('page-title');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('search');
    await page.keyboard.press('Tab'); // the batches table (a scrollable region: the title itself is not a tab stop)
    await page.keyboard.press('Tab'); // its first link
    expect(await focused()).toBe(`batch ${proven.batchNumber}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(`document.body.dataset.rendered === '#/batch/${proven.batchNumber}'`);
    await page.getByRole('button', { name: 'verify in the browser' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=verdict]').waitFor({ timeout: 120_000 });
    expect(await text('[data-testid=verdict]')).toMatch(/^VALID/);
  });

  test('phone width: no page is wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [hash, shot] of [['', 'phone-overview'], [`#/batch/${proven.batchNumber}`, 'phone-batch'], [`#/account/${sys.alice.idx}`, 'phone-account']] as const) {
      await open(hash, shot);
      expect(Number(await page.evaluate('document.documentElement.scrollWidth')), shot).toBeLessThanOrEqual(390);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('no console errors on any page', () => {
    expect(errors).toEqual([]);
  });
});
