pragma circom 2.1.0;

include "fee-slots.circom";
include "public-input.circom";

// BatchTail(DEPTH, BATCH_SIZE, FEE_SLOTS): what the batch does after its last slot (docs/protocol.md §8):
// credits each fee slot's total (the sum of what every slot routed to it) to its account, in slot order
// from stateRoot (the root after the last slot), and proves publicInputHash = uint256(sha256(preimage))
// mod r over the statement's roots, feeIdx and the slots' tx data.
// Caller obligations: the fee account facts (feeIdxBits boolean, least significant first; feePacked,
// feeExists of the leaf whose balance, ax, ay, ethAddr are given) come from BatchHead's FeeAccount;
// collectedFee[i] and txDataBits[i] from slot i (each collectedFee < 7 * 10^31, txDataBits boolean);
// l1QueueEndHash and withdrawalsHash are the last slot's.
template BatchTail(DEPTH, BATCH_SIZE, FEE_SLOTS) {
    var LEVELS = DEPTH \ 2;
    var B = BATCH_SIZE;
    var F = FEE_SLOTS;
    signal input publicInputHash;
    signal input chainId, rollupAddress, batchNumber;
    signal input oldStateRoot, stateRoot, l1QueueStartHash, l1QueueEndHash, withdrawalsHash;
    signal input collectedFee[B][F];
    signal input txDataBits[B][8 * L2_TX_BYTES()];
    signal input feeIdxBits[F][DEPTH];
    signal input feePacked[F], feeExists[F];
    signal input feeAccountBalance[F], feeAccountAx[F], feeAccountAy[F], feeAccountEthAddr[F];
    signal input feeAccountSiblings[F][LEVELS][3];

    // Fees: each slot's total, credited in slot order after the last tx (an unused slot collects 0 and
    // updates leaf 0 to itself). A total is below BATCH_SIZE * 7 * 10^31 < 2^128.
    var feeTotal[F];
    for (var f = 0; f < F; f++) {
        feeTotal[f] = 0;
        for (var i = 0; i < B; i++) { feeTotal[f] += collectedFee[i][f]; }
    }
    component feeCredits[F];
    for (var f = 0; f < F; f++) {
        feeCredits[f] = FeeCredit(LEVELS);
        feeCredits[f].stateRoot <== f == 0 ? stateRoot : feeCredits[f - 1].newStateRoot;
        (feeCredits[f].pathBits, feeCredits[f].siblings) <== (feeIdxBits[f], feeAccountSiblings[f]);
        (feeCredits[f].packed, feeCredits[f].exists) <== (feePacked[f], feeExists[f]);
        feeCredits[f].balance <== feeAccountBalance[f];
        (feeCredits[f].ax, feeCredits[f].ay, feeCredits[f].ethAddr) <== (feeAccountAx[f], feeAccountAy[f], feeAccountEthAddr[f]);
        feeCredits[f].total <== feeTotal[f];
    }

    component statement = PublicInputHash(DEPTH, B, F);
    (statement.chainId, statement.rollupAddress, statement.batchNumber) <== (chainId, rollupAddress, batchNumber);
    statement.roots <== [oldStateRoot, feeCredits[F - 1].newStateRoot, l1QueueStartHash,
        l1QueueEndHash, withdrawalsHash];
    statement.feeIdxBits <== feeIdxBits;
    statement.txDataBits <== txDataBits;
    statement.out === publicInputHash;
}
