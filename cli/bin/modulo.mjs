#!/usr/bin/env node
// The `modulo` executable (package.json "bin"): loads the TypeScript CLI through tsx, from any directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../modulo.ts');
// exit explicitly: snarkjs leaves worker threads that would keep the process alive.
process.exit(await main(process.argv.slice(2)));
