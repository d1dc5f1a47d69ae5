pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "float-decode.circom";
include "widths.circom";

// L2TxFields(DEPTH): one slot's published tx data (docs/protocol.md §5). Proves:
//  - fromIdx, toIdx < 2^DEPTH (an L2 idx outside the tree has no witness), amountFloat < 2^24,
//    feeFloat < 2^8, and decodes amount and fee (§4);
//  - an L1 slot's data is all zeros, and data with fromIdx 0 (a NOOP) is all zeros;
//  - isL2 = (fromIdx != 0), isWithdraw = isL2 and toIdx = 0, isTransfer = isL2 and toIdx != 0;
//  - dataBits: the 12 bytes fromIdx(4) | toIdx(4) | amountFloat(3) | feeFloat(1), most significant bit
//    first, as the public input hashes them.
// Caller obligations: `isL1` is boolean.
template L2TxFields(DEPTH) {
    var IDX = IDX_BITS();
    var AMOUNT = AMOUNT_FLOAT_BITS();
    var FEE = FEE_FLOAT_BITS();
    signal input isL1;
    signal input fromIdx;
    signal input toIdx;
    signal input amountFloat;
    signal input feeFloat;
    signal output isL2;
    signal output isTransfer;
    signal output isWithdraw;
    signal output fromBits[DEPTH];
    signal output toBits[DEPTH];
    signal output amount;
    signal output fee;
    signal output dataBits[8 * L2_TX_BYTES()];

    component fromN2b = Num2Bits(DEPTH);
    fromN2b.in <== fromIdx;
    fromBits <== fromN2b.out;
    component toN2b = Num2Bits(DEPTH);
    toN2b.in <== toIdx;
    toBits <== toN2b.out;
    component amountDecode = FloatDecode(AMOUNT, FLOAT_EXPONENT_BITS());
    amountDecode.in <== amountFloat;
    amount <== amountDecode.value;
    component feeDecode = FloatDecode(FEE, FLOAT_EXPONENT_BITS());
    feeDecode.in <== feeFloat;
    fee <== feeDecode.value;

    isL1 * fromIdx === 0;
    component fromIsZero = IsZero();
    fromIsZero.in <== fromIdx;
    isL2 <== 1 - fromIsZero.out;
    fromIsZero.out * toIdx === 0;
    fromIsZero.out * amountFloat === 0;
    fromIsZero.out * feeFloat === 0;

    component toIsZero = IsZero();
    toIsZero.in <== toIdx;
    isWithdraw <== isL2 * toIsZero.out;
    isTransfer <== isL2 - isWithdraw;

    for (var j = 0; j < IDX; j++) {
        var bit = IDX - 1 - j;
        dataBits[j] <== bit < DEPTH ? fromBits[bit] : 0;
        dataBits[IDX + j] <== bit < DEPTH ? toBits[bit] : 0;
    }
    for (var j = 0; j < AMOUNT; j++) {
        dataBits[2 * IDX + j] <== amountDecode.bits[AMOUNT - 1 - j];
    }
    for (var j = 0; j < FEE; j++) {
        dataBits[2 * IDX + AMOUNT + j] <== feeDecode.bits[FEE - 1 - j];
    }
}

// L2TxRules(): the validity of an L2 tx that the state decides (docs/protocol.md §3), as constraints: an
// invalid L2 tx has no witness. The sender of an L2 tx exists and its nonce + 1 < 2^40; the receiver of
// a TRANSFER exists, holds the sender's token and its balance + amount < 2^128. (The nonce and token
// signed are the sender leaf's, the balance check is SenderEffects', the signature L2TxSignature's.)
// Caller obligations: the flags are boolean and what their names say; senderNonce < 2^40.
template L2TxRules() {
    signal input isL2;
    signal input isTransfer;
    signal input senderExists;
    signal input senderNonce;
    signal input senderTokenId;
    signal input receiverExists;
    signal input receiverTokenId;
    signal input receiverOverflow;

    isL2 * (1 - senderExists) === 0;
    component nonceExhausted = IsEqual();
    nonceExhausted.in <== [senderNonce, 2 ** NONCE_BITS() - 1];
    isL2 * nonceExhausted.out === 0;

    isTransfer * (1 - receiverExists) === 0;
    isTransfer * (receiverTokenId - senderTokenId) === 0;
    isTransfer * receiverOverflow === 0;
}
