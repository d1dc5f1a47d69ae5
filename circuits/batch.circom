pragma circom 2.1.0;

include "batch-head.circom";
include "batch-tail.circom";
include "slot.circom";
include "widths.circom";

// BatchCircuit(DEPTH, BATCH_SIZE, FEE_SLOTS): the batch statement of docs/protocol.md §8. From
// oldStateRoot, the first l1TxCount slots process the L1 queue segment starting at l1QueueStartHash,
// the remaining slots the L2 tx data (each L2 tx signed by its sender for chainId and rollupAddress),
// then each fee slot credits its total; the circuit computes newStateRoot, l1QueueEndHash and
// withdrawalsHash and proves publicInputHash = uint256(sha256(preimage)) mod r, its one public input.
// Parameters: DEPTH bits of idx in use (even, 2..32), BATCH_SIZE tx slots, FEE_SLOTS fee accounts;
// the input names and shapes are core/circuit-input.ts'.
// The batch is BatchHead (L1 slot mask, fee accounts), BATCH_SIZE Slots chained by their roots and
// hashes, and BatchTail (fee credits, public input hash): the linked form (docs/setup.md) compiles the
// same three templates apart and joins them at the R1CS level.
// Caller obligations: none (the main component makes publicInputHash public).
template BatchCircuit(DEPTH, BATCH_SIZE, FEE_SLOTS) {
    assert(DEPTH % 2 == 0 && DEPTH >= 2 && DEPTH <= IDX_BITS());
    assert(BATCH_SIZE >= 1 && FEE_SLOTS >= 1);
    var LEVELS = DEPTH \ 2;
    var B = BATCH_SIZE;
    var F = FEE_SLOTS;

    signal input publicInputHash;
    signal input oldStateRoot, chainId, rollupAddress, batchNumber, l1QueueStartHash, l1TxCount;
    signal input feeIdx[F];
    signal input l1TxType[B], l1Idx[B], l1TokenId[B], l1Amount[B], l1EthAddr[B], l1Ax[B], l1Ay[B];
    signal input fromIdx[B], toIdx[B], amountFloat[B], feeFloat[B], sigR8x[B], sigR8y[B], sigS[B];
    signal input senderTokenId[B], senderNonce[B], senderBalance[B];
    signal input senderAx[B], senderAy[B], senderEthAddr[B];
    signal input senderSiblings[B][LEVELS][3];
    signal input receiverTokenId[B], receiverNonce[B], receiverBalance[B];
    signal input receiverAx[B], receiverAy[B], receiverEthAddr[B];
    signal input receiverSiblings[B][LEVELS][3];
    signal input feeAccountTokenId[F], feeAccountNonce[F], feeAccountBalance[F];
    signal input feeAccountAx[F], feeAccountAy[F], feeAccountEthAddr[F];
    signal input feeAccountSiblings[F][LEVELS][3];

    component head = BatchHead(DEPTH, B, F);
    head.l1TxCount <== l1TxCount;
    head.feeIdx <== feeIdx;
    (head.feeAccountTokenId, head.feeAccountNonce, head.feeAccountBalance) <== (feeAccountTokenId, feeAccountNonce, feeAccountBalance);
    (head.feeAccountAx, head.feeAccountAy, head.feeAccountEthAddr) <== (feeAccountAx, feeAccountAy, feeAccountEthAddr);

    component slots[B];
    for (var i = 0; i < B; i++) {
        slots[i] = Slot(DEPTH, F);
        (slots[i].isL1, slots[i].chainId, slots[i].rollupAddress) <== (head.isL1[i], chainId, rollupAddress);
        slots[i].stateRoot <== i == 0 ? oldStateRoot : slots[i - 1].newStateRoot;
        slots[i].l1QueueHash <== i == 0 ? l1QueueStartHash : slots[i - 1].newL1QueueHash;
        slots[i].withdrawalsHash <== i == 0 ? 0 : slots[i - 1].newWithdrawalsHash;
        (slots[i].feeTokenId, slots[i].feeActive) <== (feeAccountTokenId, head.feeActive);
        (slots[i].l1TxType, slots[i].l1Idx, slots[i].l1TokenId) <== (l1TxType[i], l1Idx[i], l1TokenId[i]);
        (slots[i].l1Amount, slots[i].l1EthAddr, slots[i].l1Ax, slots[i].l1Ay) <== (l1Amount[i], l1EthAddr[i], l1Ax[i], l1Ay[i]);
        (slots[i].fromIdx, slots[i].toIdx) <== (fromIdx[i], toIdx[i]);
        (slots[i].amountFloat, slots[i].feeFloat) <== (amountFloat[i], feeFloat[i]);
        (slots[i].sigR8x, slots[i].sigR8y, slots[i].sigS) <== (sigR8x[i], sigR8y[i], sigS[i]);
        slots[i].senderTokenId <== senderTokenId[i];
        slots[i].senderNonce <== senderNonce[i];
        slots[i].senderBalance <== senderBalance[i];
        (slots[i].senderAx, slots[i].senderAy, slots[i].senderEthAddr) <== (senderAx[i], senderAy[i], senderEthAddr[i]);
        slots[i].senderSiblings <== senderSiblings[i];
        slots[i].receiverTokenId <== receiverTokenId[i];
        slots[i].receiverNonce <== receiverNonce[i];
        slots[i].receiverBalance <== receiverBalance[i];
        (slots[i].receiverAx, slots[i].receiverAy) <== (receiverAx[i], receiverAy[i]);
        slots[i].receiverEthAddr <== receiverEthAddr[i];
        slots[i].receiverSiblings <== receiverSiblings[i];
    }

    component tail = BatchTail(DEPTH, B, F);
    tail.publicInputHash <== publicInputHash;
    (tail.chainId, tail.rollupAddress, tail.batchNumber) <== (chainId, rollupAddress, batchNumber);
    (tail.oldStateRoot, tail.stateRoot) <== (oldStateRoot, slots[B - 1].newStateRoot);
    (tail.l1QueueStartHash, tail.l1QueueEndHash) <== (l1QueueStartHash, slots[B - 1].newL1QueueHash);
    tail.withdrawalsHash <== slots[B - 1].newWithdrawalsHash;
    for (var i = 0; i < B; i++) { (tail.collectedFee[i], tail.txDataBits[i]) <== (slots[i].collectedFee, slots[i].txDataBits); }
    (tail.feeIdxBits, tail.feePacked, tail.feeExists) <== (head.feeIdxBits, head.feePacked, head.feeExists);
    (tail.feeAccountBalance, tail.feeAccountAx, tail.feeAccountAy) <== (feeAccountBalance, feeAccountAx, feeAccountAy);
    (tail.feeAccountEthAddr, tail.feeAccountSiblings) <== (feeAccountEthAddr, feeAccountSiblings);
}
