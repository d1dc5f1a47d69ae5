pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/poseidon.circom";
include "widths.circom";

// AccountFields(): the fields of a leaf as the witness gives them (docs/protocol.md §2). Proves
// tokenId < 2^32, nonce < 2^40 and balance < 2^128, so that
//     packed = tokenId | nonce << 32 | balance << 72      (200 bits)
// is injective: no other field tuple has the same leaf hash. `exists` = (ethAddr != 0), and a leaf with
// ethAddr 0 has every field 0 (the empty leaf reads as all-zero fields).
// ethAddr is not range-checked: it is its own Poseidon input (no packing to collide), and every ethAddr
// the tree holds was range-checked when the circuit wrote it (L1TxFields).
// Caller obligations: none.
template AccountFields() {
    signal input tokenId;
    signal input nonce;
    signal input balance;
    signal input ax;
    signal input ay;
    signal input ethAddr;
    signal output packed;
    signal output exists;

    component tokenIdBits = Num2Bits(TOKEN_BITS());
    tokenIdBits.in <== tokenId;
    component nonceBits = Num2Bits(NONCE_BITS());
    nonceBits.in <== nonce;
    component balanceBits = Num2Bits(BALANCE_BITS());
    balanceBits.in <== balance;
    packed <== tokenId + nonce * 2 ** TOKEN_BITS() + balance * 2 ** (TOKEN_BITS() + NONCE_BITS());

    component ethAddrIsZero = IsZero();
    ethAddrIsZero.in <== ethAddr;
    exists <== 1 - ethAddrIsZero.out;
    ethAddrIsZero.out * packed === 0;
    ethAddrIsZero.out * ax === 0;
    ethAddrIsZero.out * ay === 0;
}

// AccountLeafValue(): the value the tree holds for a leaf (core's accountLeafValue): its leaf hash
// Poseidon(packed, ax, ay, ethAddr) when the account exists and 0 (the empty leaf) when it does not.
// Caller obligations: `exists` is boolean and equals (ethAddr != 0); `packed` packs range-checked fields.
template AccountLeafValue() {
    signal input packed;
    signal input ax;
    signal input ay;
    signal input ethAddr;
    signal input exists;
    signal output out;

    component hash = Poseidon(4);
    hash.inputs <== [packed, ax, ay, ethAddr];
    out <== exists * hash.out;
}
