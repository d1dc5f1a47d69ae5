pragma circom 2.1.0;

include "account-leaf.circom";
include "merkle-path.circom";

// LeafUpdate(LEVELS): proves that `oldLeaf` is the leaf at the index `pathBits` under `oldRoot`, and
// outputs the root after writing `newLeaf` there; the same siblings serve both roots, since one leaf
// changes. Updating a leaf to itself proves its inclusion and leaves the root as it is.
// Caller obligations: every pathBits[i] is boolean.
template LeafUpdate(LEVELS) {
    signal input oldRoot;
    signal input oldLeaf;
    signal input newLeaf;
    signal input pathBits[2 * LEVELS];
    signal input siblings[LEVELS][3];
    signal output newRoot;

    component oldPath = MerkleRoot(LEVELS);
    oldPath.leaf <== oldLeaf;
    oldPath.pathBits <== pathBits;
    oldPath.siblings <== siblings;
    oldPath.root === oldRoot;

    component newPath = MerkleRoot(LEVELS);
    newPath.leaf <== newLeaf;
    newPath.pathBits <== pathBits;
    newPath.siblings <== siblings;
    newRoot <== newPath.root;
}

// SideUpdate(LEVELS): the leaf update of one side of a slot (sender or receiver), from its fields: the
// leaf with the old fields is at pathBits under stateRoot, and newStateRoot is the root with the leaf
// of the new fields written there.
// Caller obligations: pathBits boolean; the old and the new fields each meet AccountLeafValue's.
template SideUpdate(LEVELS) {
    signal input stateRoot;
    signal input pathBits[2 * LEVELS];
    signal input siblings[LEVELS][3];
    signal input oldPacked, oldAx, oldAy, oldEthAddr, oldExists;
    signal input newPacked, newAx, newAy, newEthAddr, newExists;
    signal output newStateRoot;

    component oldLeaf = AccountLeafValue();
    (oldLeaf.packed, oldLeaf.ax, oldLeaf.ay) <== (oldPacked, oldAx, oldAy);
    (oldLeaf.ethAddr, oldLeaf.exists) <== (oldEthAddr, oldExists);
    component newLeaf = AccountLeafValue();
    (newLeaf.packed, newLeaf.ax, newLeaf.ay) <== (newPacked, newAx, newAy);
    (newLeaf.ethAddr, newLeaf.exists) <== (newEthAddr, newExists);
    component update = LeafUpdate(LEVELS);
    (update.oldRoot, update.oldLeaf, update.newLeaf) <== (stateRoot, oldLeaf.out, newLeaf.out);
    (update.pathBits, update.siblings) <== (pathBits, siblings);
    newStateRoot <== update.newRoot;
}
