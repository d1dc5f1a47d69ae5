// Fails loudly when the install is not what Modulo runs on: the wrong Node, or Hardhat's native
// runtime skipped by npm (an install run under Node 20 silently omits it: see the Makefile).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(`check-setup: Node ${process.versions.node} is running; Modulo needs >= 22.13 (run make setup)`);
  process.exit(1);
}
try {
  require('@nomicfoundation/edr');
} catch (error) {
  console.error('check-setup: Hardhat native runtime (@nomicfoundation/edr) does not load:', error.message);
  console.error('check-setup: remove node_modules and run `make setup` again so npm runs under Node 22');
  process.exit(1);
}
console.log(`check-setup: Node ${process.versions.node}, Hardhat native runtime loads`);
