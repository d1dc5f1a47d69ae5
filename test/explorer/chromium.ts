import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../wallet/network.js';

/** Debian's Chromium, which the browser tests drive with playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
export const EXPLORER_BUILD = join(ROOT, 'build', 'explorer');

/**
 * The Chromium binary, installed with apt-get when it is missing and this process may (root, apt-get
 * present); otherwise an error that says what to install.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const root = process.getuid?.() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (!root || !apt) {
    throw new Error(`the explorer's browser tests need Chromium at ${CHROMIUM}: install Debian's package (sudo apt-get install chromium)${apt ? '' : '; apt-get is not available here'}`);
  }
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (error) {
    throw new Error(`apt-get install chromium failed (${(error as Error).message}); install it by hand: apt-get install chromium`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
  return CHROMIUM;
}

/** The explorer's built files (`make explorer`); built here with Vite when missing. */
export async function ensureExplorerBuilt(): Promise<void> {
  if (existsSync(join(EXPLORER_BUILD, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'explorer', 'vite.config.ts'), logLevel: 'warn' });
}
