pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/sha256/sha256.circom";
include "widths.circom";

// FieldBytes32(): the 32 big-endian bytes of a field element, most significant bit first. Strict: the
// bits are the canonical value (< r), so a root the contract stores is the canonical one.
// Caller obligations: none.
template FieldBytes32() {
    signal input in;
    signal output bits[256];

    component n2b = Num2Bits_strict();
    n2b.in <== in;
    bits[0] <== 0;
    bits[1] <== 0;
    for (var j = 2; j < 256; j++) {
        bits[j] <== n2b.out[255 - j];
    }
}

// UintBytes(BYTES): the BYTES big-endian bytes of `in`, most significant bit first; proves in < 2^(8 BYTES).
// Caller obligations: none.
template UintBytes(BYTES) {
    signal input in;
    signal output bits[8 * BYTES];

    component n2b = Num2Bits(8 * BYTES);
    n2b.in <== in;
    for (var j = 0; j < 8 * BYTES; j++) {
        bits[j] <== n2b.out[8 * BYTES - 1 - j];
    }
}

// PublicInputHash(DEPTH, BATCH_SIZE, FEE_SLOTS): out = uint256(sha256(preimage)) mod r, with the
// preimage of docs/protocol.md §8: chainId(8) | rollupAddress(20) | batchNumber(8) | oldStateRoot(32) |
// newStateRoot(32) | l1QueueStartHash(32) | l1QueueEndHash(32) | withdrawalsHash(32) | feeIdx(4 each) |
// tx data (12 per slot). Range-checks chainId < 2^64, rollupAddress < 2^160, batchNumber < 2^64.
// Caller obligations: feeIdxBits are the boolean bits of each feeIdx (< 2^DEPTH), least significant
// first; txDataBits are each slot's 96 data bits, most significant first (L2TxFields).
template PublicInputHash(DEPTH, BATCH_SIZE, FEE_SLOTS) {
    var IDX_BYTES = IDX_BITS() \ 8;
    var HEADER_BYTES = CHAIN_ID_BITS() \ 8 + ETH_ADDR_BITS() \ 8 + BATCH_NUMBER_BITS() \ 8 + 5 * 32;
    var TX_BITS = 8 * L2_TX_BYTES();
    var N_BITS = 8 * (HEADER_BYTES + IDX_BYTES * FEE_SLOTS) + TX_BITS * BATCH_SIZE;
    signal input chainId;
    signal input rollupAddress;
    signal input batchNumber;
    signal input roots[5];
    signal input feeIdxBits[FEE_SLOTS][DEPTH];
    signal input txDataBits[BATCH_SIZE][TX_BITS];
    signal output out;

    component sha = Sha256(N_BITS);
    var at = 0;
    component chainIdBytes = UintBytes(CHAIN_ID_BITS() \ 8);
    chainIdBytes.in <== chainId;
    for (var j = 0; j < CHAIN_ID_BITS(); j++) { sha.in[at] <== chainIdBytes.bits[j]; at++; }
    component rollupBytes = UintBytes(ETH_ADDR_BITS() \ 8);
    rollupBytes.in <== rollupAddress;
    for (var j = 0; j < ETH_ADDR_BITS(); j++) { sha.in[at] <== rollupBytes.bits[j]; at++; }
    component batchNumberBytes = UintBytes(BATCH_NUMBER_BITS() \ 8);
    batchNumberBytes.in <== batchNumber;
    for (var j = 0; j < BATCH_NUMBER_BITS(); j++) { sha.in[at] <== batchNumberBytes.bits[j]; at++; }
    component rootBytes[5];
    for (var r = 0; r < 5; r++) {
        rootBytes[r] = FieldBytes32();
        rootBytes[r].in <== roots[r];
        for (var j = 0; j < 256; j++) { sha.in[at] <== rootBytes[r].bits[j]; at++; }
    }
    for (var f = 0; f < FEE_SLOTS; f++) {
        for (var j = 0; j < IDX_BITS(); j++) {
            var bit = IDX_BITS() - 1 - j;
            if (bit < DEPTH) {
                sha.in[at] <== feeIdxBits[f][bit];
            } else {
                sha.in[at] <== 0;
            }
            at++;
        }
    }
    for (var i = 0; i < BATCH_SIZE; i++) {
        for (var j = 0; j < TX_BITS; j++) { sha.in[at] <== txDataBits[i][j]; at++; }
    }
    assert(at == N_BITS);

    // sha.out[0] is the digest's most significant bit; the sum is taken in the field, i.e. mod r.
    var value = 0;
    var weight = 1;
    for (var j = 255; j >= 0; j--) {
        value += sha.out[j] * weight;
        weight += weight;
    }
    out <== value;
}
