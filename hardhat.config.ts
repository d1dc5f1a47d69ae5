import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import hardhatEthers from '@nomicfoundation/hardhat-ethers';
import { defineConfig } from 'hardhat/config';

const require = createRequire(import.meta.url);

const compiler = { version: '0.8.30', path: require.resolve('solc/soljson.js') };
const settings = {
  evmVersion: 'prague',
  optimizer: { enabled: true, runs: 200 },
  // NatSpec in the build output: l1/ takes each custom error's text from it (scripts/gen-l1-abi.ts).
  outputSelection: { '*': { '*': ['devdoc', 'userdoc'] } },
};
// The generated verifiers are optimized for gas per call rather than size (runs 1,000,000: constants such as the
// field moduli stay PUSH32 instead of being copied from code): audit/verifier-code.ts compiles them the same way.
const verifiers = new URL('./contracts/verifiers/', import.meta.url);
const verifierOverrides = Object.fromEntries(
  (existsSync(verifiers) ? readdirSync(verifiers) : [])
    .filter((f) => f.endsWith('.sol'))
    .map((f) => [`contracts/verifiers/${f}`, { ...compiler, settings: { ...settings, optimizer: { enabled: true, runs: 1_000_000 } } }]),
);

// solc-js from the npm `solc` package: Hardhat builds offline instead of downloading a compiler.
export default defineConfig({
  plugins: [hardhatEthers],
  solidity: { compilers: [{ ...compiler, settings }], overrides: { ...verifierOverrides } },
  paths: {
    sources: './contracts',
  },
  networks: {
    hardhat: { type: 'edr-simulated', chainType: 'l1', hardfork: 'prague' },
  },
});
