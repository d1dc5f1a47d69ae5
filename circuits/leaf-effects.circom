pragma circom 2.1.0;

include "circomlib/circuits/bitify.circom";
include "widths.circom";

// SenderEffects(): the sender leaf after a slot (docs/protocol.md §3). An L2 tx pays amount + fee and
// bumps the nonce; a valid FORCED_EXIT empties the balance (exitAmount, the withdrawn amount); anything
// else leaves the leaf as it was. Proves the new balance is in [0, 2^128): an L2 tx above the balance
// has no witness.
// Caller obligations: tokenId, nonce, balance are range-checked (AccountFields); amount and fee are
// < 2^128 and 0 unless isL2; nonce + isL2 < 2^40 (L2TxRules); the flags are boolean, not both 1.
template SenderEffects() {
    signal input isL2;
    signal input forcedExitValid;
    signal input amount;
    signal input fee;
    signal input tokenId;
    signal input nonce;
    signal input balance;
    signal output exitAmount;
    signal output newPacked;

    exitAmount <== forcedExitValid * balance;
    signal newBalance <== balance - amount - fee - exitAmount;
    component newBalanceBits = Num2Bits(BALANCE_BITS());
    newBalanceBits.in <== newBalance;
    newPacked <== tokenId + (nonce + isL2) * 2 ** TOKEN_BITS()
        + newBalance * 2 ** (TOKEN_BITS() + NONCE_BITS());
}

// ReceiverCredit(): overflow = (balance + l1Amount + amount >= 2^128), the sum a receiver leaf would
// hold after a deposit (l1Amount) or a transfer (amount).
// Caller obligations: balance, l1Amount, amount < 2^128 and at most one of l1Amount, amount non-zero
// (an L1 slot has no tx data, an L2 slot no L1 fields), so the sum is below 2^129.
template ReceiverCredit() {
    signal input balance;
    signal input l1Amount;
    signal input amount;
    signal output overflow;

    component sumBits = Num2Bits(BALANCE_BITS() + 1);
    sumBits.in <== balance + l1Amount + amount;
    overflow <== sumBits.out[BALANCE_BITS()];
}

// ReceiverEffects(): the receiver leaf after a slot (docs/protocol.md §3). A valid DEPOSIT that creates
// an account writes {tokenId, nonce 0, balance l1Amount, ax, ay, ethAddr} of the L1 tx into the empty
// leaf; a valid top-up adds l1Amount; a TRANSFER adds amount; anything else leaves the leaf as it was.
// Caller obligations: the leaf fields are range-checked (AccountFields) and, when createValid, all 0;
// the L1 fields are range-checked (L1TxFields); flags boolean, createValid implies depositValid, and
// the credited sum is < 2^128 whenever depositValid or isTransfer (ReceiverCredit, L1TxRules,
// L2TxRules), so newPacked packs range-checked fields.
template ReceiverEffects() {
    signal input createValid;
    signal input depositValid;
    signal input isTransfer;
    signal input l1TokenId;
    signal input l1Amount;
    signal input l1Ax;
    signal input l1Ay;
    signal input l1EthAddr;
    signal input amount;
    signal input tokenId;
    signal input nonce;
    signal input balance;
    signal input ax;
    signal input ay;
    signal input ethAddr;
    signal input exists;
    signal output newPacked;
    signal output newAx;
    signal output newAy;
    signal output newEthAddr;
    signal output newExists;

    signal newTokenId <== tokenId + createValid * l1TokenId;
    signal depositCredit <== depositValid * l1Amount;
    signal transferCredit <== isTransfer * amount;
    signal newBalance <== balance + depositCredit + transferCredit;
    newPacked <== newTokenId + nonce * 2 ** TOKEN_BITS() + newBalance * 2 ** (TOKEN_BITS() + NONCE_BITS());
    newAx <== ax + createValid * l1Ax;
    newAy <== ay + createValid * l1Ay;
    newEthAddr <== ethAddr + createValid * l1EthAddr;
    newExists <== exists + createValid;
}
