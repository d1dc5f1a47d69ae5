pragma circom 2.1.0;

// Bit widths of docs/protocol.md §1, mirrored by name from core/constants.ts and circuits/circuits.json
// ("widths"); test/core/constants.test.ts and test/circuits/templates.test.ts assert that the three agree.

function IDX_BITS() { return 32; }
function TOKEN_BITS() { return 32; }
function NONCE_BITS() { return 40; }
function BALANCE_BITS() { return 128; }
function AMOUNT_BITS() { return 128; }
function ETH_ADDR_BITS() { return 160; }
function TX_TYPE_BITS() { return 8; }
function CHAIN_ID_BITS() { return 64; }
function BATCH_NUMBER_BITS() { return 64; }
function AMOUNT_FLOAT_BITS() { return 24; }
function FEE_FLOAT_BITS() { return 8; }
function FLOAT_EXPONENT_BITS() { return 5; }
function L2_TX_BYTES() { return 12; }
