pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";

// FloatDecode(BITS, EXPONENT_BITS): proves `value` = mantissa * 10^exponent for the BITS-bit decimal
// float `in` (docs/protocol.md §4): the exponent is the top EXPONENT_BITS bits, the mantissa the rest.
// Range-checks `in` < 2^BITS and outputs its bits, least significant first (the public input hashes them).
// With BITS <= 24 and EXPONENT_BITS = 5, value < 2^19 * 10^31 < 2^123: never wraps the field and fits
// a 128-bit balance.
// Caller obligations: none.
template FloatDecode(BITS, EXPONENT_BITS) {
    assert(EXPONENT_BITS == 5 && BITS > EXPONENT_BITS && BITS <= 24);
    var MANTISSA_BITS = BITS - EXPONENT_BITS;
    signal input in;
    signal output value;
    signal output bits[BITS];

    component inBits = Num2Bits(BITS);
    inBits.in <== in;
    bits <== inBits.out;

    var mantissa = 0;
    for (var i = 0; i < MANTISSA_BITS; i++) {
        mantissa += bits[i] * 2 ** i;
    }
    // scale[k] = 10^(exponent bits 0..k): exponent bit k contributes a factor 10^(2^k).
    signal scale[EXPONENT_BITS];
    var factor = 10;
    scale[0] <== 1 + bits[MANTISSA_BITS] * (factor - 1);
    for (var k = 1; k < EXPONENT_BITS; k++) {
        factor = factor * factor;
        scale[k] <== scale[k - 1] * (1 + bits[MANTISSA_BITS + k] * (factor - 1));
    }
    value <== mantissa * scale[EXPONENT_BITS - 1];
}
