pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "widths.circom";

// L1TxFields(DEPTH): the L1 tx fields of one slot (docs/protocol.md §3, §6). Proves:
//  - in an L1 slot txType is DEPOSIT (1) or FORCED_EXIT (2); outside one, every L1 field is 0;
//  - idx < 2^32, tokenId < 2^32, amount < 2^128, ethAddr < 2^160, so `packed`
//    = txType | idx << 8 | tokenId << 40 | amount << 72 is injective;
//  - inTree = (idx < 2^DEPTH) and idxBits = the low DEPTH bits of idx (the path of the updated leaf
//    when inTree; the caller uses leaf 0 otherwise);
//  - idxNonZero, keyNonZero = ((ax, ay) != (0, 0)) and ethAddrNonZero as booleans.
// Caller obligations: `isL1` is boolean.
template L1TxFields(DEPTH) {
    signal input isL1;
    signal input txType;
    signal input idx;
    signal input tokenId;
    signal input amount;
    signal input ethAddr;
    signal input ax;
    signal input ay;
    signal output isDeposit;
    signal output isForcedExit;
    signal output packed;
    signal output idxBits[DEPTH];
    signal output inTree;
    signal output idxNonZero;
    signal output keyNonZero;
    signal output ethAddrNonZero;

    // txType = isL1 + isForcedExit with isForcedExit boolean and 0 outside L1 slots: {1, 2} in an L1
    // slot, 0 elsewhere.
    isForcedExit <== txType - isL1;
    isForcedExit * (isForcedExit - 1) === 0;
    isForcedExit * (1 - isL1) === 0;
    isDeposit <== isL1 - isForcedExit;

    (1 - isL1) * idx === 0;
    (1 - isL1) * tokenId === 0;
    (1 - isL1) * amount === 0;
    (1 - isL1) * ethAddr === 0;
    (1 - isL1) * ax === 0;
    (1 - isL1) * ay === 0;

    component idxN2b = Num2Bits(IDX_BITS());
    idxN2b.in <== idx;
    component tokenIdN2b = Num2Bits(TOKEN_BITS());
    tokenIdN2b.in <== tokenId;
    component amountN2b = Num2Bits(AMOUNT_BITS());
    amountN2b.in <== amount;
    component ethAddrN2b = Num2Bits(ETH_ADDR_BITS());
    ethAddrN2b.in <== ethAddr;
    packed <== txType + idx * 2 ** TX_TYPE_BITS() + tokenId * 2 ** (TX_TYPE_BITS() + IDX_BITS())
        + amount * 2 ** (TX_TYPE_BITS() + IDX_BITS() + TOKEN_BITS());

    for (var k = 0; k < DEPTH; k++) {
        idxBits[k] <== idxN2b.out[k];
    }
    var highBits = 0;
    for (var k = DEPTH; k < IDX_BITS(); k++) {
        highBits += idxN2b.out[k];
    }
    component highIsZero = IsZero();
    highIsZero.in <== highBits;
    inTree <== highIsZero.out;

    component idxIsZero = IsZero();
    idxIsZero.in <== idx;
    idxNonZero <== 1 - idxIsZero.out;
    component axIsZero = IsZero();
    axIsZero.in <== ax;
    component ayIsZero = IsZero();
    ayIsZero.in <== ay;
    keyNonZero <== 1 - axIsZero.out * ayIsZero.out;
    component ethAddrIsZero = IsZero();
    ethAddrIsZero.in <== ethAddr;
    ethAddrNonZero <== 1 - ethAddrIsZero.out;
}

// L1TxRules(): which L1 txs are valid (docs/protocol.md §3, core/apply-l1-tx.ts); an invalid one is
// processed as a no-op, by these flags, never refused:
//  - forcedExitValid: FORCED_EXIT, 0 < idx < 2^DEPTH, the sender leaf exists and its ethAddr is the
//    requester's;
//  - createValid: DEPOSIT with a key, 0 < idx < 2^DEPTH, ethAddr != 0, the receiver leaf empty;
//  - topUpValid: DEPOSIT without a key, 0 < idx < 2^DEPTH, the receiver leaf exists, holds the
//    deposit's token and its balance + amount < 2^128 (receiverOverflow = 0);
//  - depositValid = createValid + topUpValid; refund = an invalid DEPOSIT (its amount, if any, goes
//    back to the depositor through the withdrawals).
// Caller obligations: every input flag is boolean and is what its name says (L1TxFields,
// AccountFields, ReceiverCredit); isDeposit and isForcedExit are not both 1.
template L1TxRules() {
    signal input isDeposit;
    signal input isForcedExit;
    signal input inTree;
    signal input idxNonZero;
    signal input keyNonZero;
    signal input ethAddrNonZero;
    signal input tokenId;
    signal input ethAddr;
    signal input senderExists;
    signal input senderEthAddr;
    signal input receiverExists;
    signal input receiverTokenId;
    signal input receiverOverflow;
    signal output forcedExitValid;
    signal output createValid;
    signal output depositValid;
    signal output refund;

    signal target <== inTree * idxNonZero;

    component ownerMatches = IsEqual();
    ownerMatches.in <== [senderEthAddr, ethAddr];
    signal forcedExitTarget <== isForcedExit * target;
    signal forcedExitOwner <== senderExists * ownerMatches.out;
    forcedExitValid <== forcedExitTarget * forcedExitOwner;

    signal depositTarget <== isDeposit * target;
    signal createTarget <== depositTarget * keyNonZero;
    signal createOk <== (1 - receiverExists) * ethAddrNonZero;
    createValid <== createTarget * createOk;

    component tokenMatches = IsEqual();
    tokenMatches.in <== [receiverTokenId, tokenId];
    signal topUpAccount <== receiverExists * tokenMatches.out;
    signal topUpOk <== topUpAccount * (1 - receiverOverflow);
    signal topUpValid <== (depositTarget - createTarget) * topUpOk;

    depositValid <== createValid + topUpValid;
    refund <== isDeposit - depositValid;
}
