import { createRequire } from 'node:module';
import hardhatEthers from '@nomicfoundation/hardhat-ethers';
import { defineConfig } from 'hardhat/config';

const require = createRequire(import.meta.url);

// solc-js from the npm `solc` package: Hardhat builds offline instead of downloading a compiler.
export default defineConfig({
  plugins: [hardhatEthers],
  solidity: {
    version: '0.8.30',
    path: require.resolve('solc/soljson.js'),
    settings: {
      evmVersion: 'prague',
      optimizer: { enabled: true, runs: 200 },
      // NatSpec in the build output: l1/ takes each custom error's text from it (scripts/gen-l1-abi.ts).
      outputSelection: { '*': { '*': ['devdoc', 'userdoc'] } },
    },
  },
  paths: {
    sources: './contracts',
  },
  networks: {
    hardhat: { type: 'edr-simulated', chainType: 'l1', hardfork: 'prague' },
  },
});
