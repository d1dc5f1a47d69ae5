pragma circom 2.1.0;

// L1SlotMask(BATCH_SIZE): isL1[i] = 1 for the first `count` slots and 0 after them (the L1 slots are a
// prefix, docs/protocol.md §5); also proves count <= BATCH_SIZE. Two constraints per slot.
// Caller obligations: none.
template L1SlotMask(BATCH_SIZE) {
    signal input count;
    signal output isL1[BATCH_SIZE];

    var sum = 0;
    for (var i = 0; i < BATCH_SIZE; i++) {
        isL1[i] <-- i < count ? 1 : 0;
        // Bound by: boolean, non-increasing, and summing to count. A boolean non-increasing sequence is
        // a prefix of ones, and its sum fixes the prefix length: exactly one witness per count.
        isL1[i] * (isL1[i] - 1) === 0;
        if (i > 0) {
            isL1[i] * (1 - isL1[i - 1]) === 0;
        }
        sum += isL1[i];
    }
    sum === count;
}
