pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

// QuadChildren(): the four children of a node of the quaternary tree (docs/protocol.md §2), given the
// child on our path (`node`), its three `siblings` in ascending position, and its position
// p = bits[0] + 2 * bits[1]. Six constraints.
// Caller obligations: bits[0] and bits[1] are boolean.
template QuadChildren() {
    signal input node;
    signal input siblings[3];
    signal input bits[2];
    signal output children[4];

    // Positions 0,1 when p < 2 (bits[1] = 0) and 2,3 when p >= 2: within a pair bits[0] picks the slot.
    signal low0 <== node + bits[0] * (siblings[0] - node);
    var low1 = siblings[0] + node - low0;
    signal high0 <== node + bits[0] * (siblings[2] - node);
    var high1 = siblings[2] + node - high0;
    children[0] <== low0 + bits[1] * (siblings[0] - low0);
    children[1] <== low1 + bits[1] * (siblings[1] - low1);
    children[2] <== siblings[1] + bits[1] * (high0 - siblings[1]);
    children[3] <== siblings[2] + bits[1] * (high1 - siblings[2]);
}

// MerkleRoot(LEVELS): the root of a quaternary tree of LEVELS levels (depth 2 * LEVELS bits) that holds
// `leaf` at the index whose bits, least significant first, are `pathBits` (2 per level, the leaf level
// first); `siblings[k]` are the three other children at level k in ascending position.
// Caller obligations: every pathBits[i] is boolean (QuadChildren assumes it).
template MerkleRoot(LEVELS) {
    signal input leaf;
    signal input pathBits[2 * LEVELS];
    signal input siblings[LEVELS][3];
    signal output root;

    component children[LEVELS];
    component hashes[LEVELS];
    signal nodes[LEVELS + 1];
    nodes[0] <== leaf;
    for (var k = 0; k < LEVELS; k++) {
        children[k] = QuadChildren();
        children[k].node <== nodes[k];
        children[k].siblings <== siblings[k];
        children[k].bits <== [pathBits[2 * k], pathBits[2 * k + 1]];
        hashes[k] = Poseidon(4);
        hashes[k].inputs <== children[k].children;
        nodes[k + 1] <== hashes[k].out;
    }
    root <== nodes[LEVELS];
}
