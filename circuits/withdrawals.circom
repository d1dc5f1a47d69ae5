pragma circom 2.1.0;

include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/poseidon.circom";
include "widths.circom";

// WithdrawalsStep(): appends the record (ethAddr, tokenId, amount) to the withdrawals chain when
// amount != 0 (docs/protocol.md §7): next = Poseidon(prev, ethAddr, tokenId | amount << 32), else prev.
// A slot emits at most one record; a slot without one passes amount 0.
// Caller obligations: tokenId < 2^32 and amount < 2^128 (so the packing is injective).
template WithdrawalsStep() {
    signal input prev;
    signal input ethAddr;
    signal input tokenId;
    signal input amount;
    signal output next;

    component amountIsZero = IsZero();
    amountIsZero.in <== amount;
    component hash = Poseidon(3);
    hash.inputs <== [prev, ethAddr, tokenId + amount * 2 ** TOKEN_BITS()];
    next <== hash.out + amountIsZero.out * (prev - hash.out);
}
