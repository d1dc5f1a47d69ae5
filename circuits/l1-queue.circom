pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

// L1QueueStep(): one step of the contract's L1 queue hash chain (docs/protocol.md §6):
// next = Poseidon(prev, packedL1Tx, ethAddr, ax, ay) in an L1 slot, next = prev otherwise.
// Caller obligations: `isL1` is boolean; packedL1Tx packs range-checked fields.
template L1QueueStep() {
    signal input isL1;
    signal input prev;
    signal input packedL1Tx;
    signal input ethAddr;
    signal input ax;
    signal input ay;
    signal output next;

    component hash = Poseidon(5);
    hash.inputs <== [prev, packedL1Tx, ethAddr, ax, ay];
    next <== prev + isL1 * (hash.out - prev);
}
