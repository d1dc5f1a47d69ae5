pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "account-leaf.circom";
include "leaf-update.circom";
include "widths.circom";

// FeeAccount(DEPTH): one fee slot's account, as it is before its credit (docs/protocol.md §3, "Fees").
// Proves feeIdx < 2^DEPTH (idxBits, least significant first), active = (feeIdx != 0), that an active
// slot's account exists, and the AccountFields facts of its leaf (tokenId range-checked: the slot
// collects the fees of that token).
// Caller obligations: none.
template FeeAccount(DEPTH) {
    signal input feeIdx;
    signal input tokenId;
    signal input nonce;
    signal input balance;
    signal input ax;
    signal input ay;
    signal input ethAddr;
    signal output idxBits[DEPTH];
    signal output active;
    signal output packed;
    signal output exists;

    component idxN2b = Num2Bits(DEPTH);
    idxN2b.in <== feeIdx;
    idxBits <== idxN2b.out;
    component idxIsZero = IsZero();
    idxIsZero.in <== feeIdx;
    active <== 1 - idxIsZero.out;

    component fields = AccountFields();
    fields.tokenId <== tokenId;
    fields.nonce <== nonce;
    fields.balance <== balance;
    fields.ax <== ax;
    fields.ay <== ay;
    fields.ethAddr <== ethAddr;
    packed <== fields.packed;
    exists <== fields.exists;
    active * (1 - exists) === 0;
}

// FeeTokensDistinct(FEE_SLOTS): no two active fee slots hold the same token, so a fee matches at most
// one slot.
// Caller obligations: active[f] boolean.
template FeeTokensDistinct(FEE_SLOTS) {
    signal input tokenId[FEE_SLOTS];
    signal input active[FEE_SLOTS];

    var PAIRS = FEE_SLOTS * (FEE_SLOTS - 1) \ 2;
    component same[PAIRS];
    signal bothActive[PAIRS];
    var p = 0;
    for (var f = 0; f < FEE_SLOTS; f++) {
        for (var g = f + 1; g < FEE_SLOTS; g++) {
            same[p] = IsEqual();
            same[p].in <== [tokenId[f], tokenId[g]];
            bothActive[p] <== active[f] * active[g];
            bothActive[p] * same[p].out === 0;
            p++;
        }
    }
}

// FeeMatch(FEE_SLOTS): routes one slot's fee to the active fee slot that holds its token:
// collected[f] = fee when slot f is active and holds tokenId, else 0. Proves that a non-zero fee has
// such a slot; an unused slot (active 0) never collects.
// Caller obligations: active[f] boolean; the active slots' tokens are distinct (FeeTokensDistinct).
template FeeMatch(FEE_SLOTS) {
    signal input fee;
    signal input tokenId;
    signal input feeTokenId[FEE_SLOTS];
    signal input active[FEE_SLOTS];
    signal output collected[FEE_SLOTS];

    component same[FEE_SLOTS];
    signal matches[FEE_SLOTS];
    var matched = 0;
    for (var f = 0; f < FEE_SLOTS; f++) {
        same[f] = IsEqual();
        same[f].in <== [feeTokenId[f], tokenId];
        matches[f] <== active[f] * same[f].out;
        collected[f] <== matches[f] * fee;
        matched += matches[f];
    }
    fee * (1 - matched) === 0;
}

// FeeCredit(LEVELS): credits one fee slot's total to its account after the last tx, as a leaf update
// from stateRoot (an unused slot updates leaf 0 to itself). Proves balance + total < 2^128.
// Caller obligations: the leaf's facts come from FeeAccount (packed, exists, pathBits boolean);
// total < 2^128 and 0 for an unused slot.
template FeeCredit(LEVELS) {
    signal input stateRoot;
    signal input pathBits[2 * LEVELS];
    signal input siblings[LEVELS][3];
    signal input packed;
    signal input balance;
    signal input ax;
    signal input ay;
    signal input ethAddr;
    signal input exists;
    signal input total;
    signal output newStateRoot;

    component newBalanceBits = Num2Bits(BALANCE_BITS());
    newBalanceBits.in <== balance + total;

    component update = SideUpdate(LEVELS);
    (update.stateRoot, update.pathBits, update.siblings) <== (stateRoot, pathBits, siblings);
    update.oldPacked <== packed;
    update.newPacked <== packed + total * 2 ** (TOKEN_BITS() + NONCE_BITS());
    (update.oldAx, update.oldAy, update.oldEthAddr, update.oldExists) <== (ax, ay, ethAddr, exists);
    (update.newAx, update.newAy, update.newEthAddr, update.newExists) <== (ax, ay, ethAddr, exists);
    newStateRoot <== update.newStateRoot;
}
