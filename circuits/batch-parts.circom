pragma circom 2.1.0;

include "batch-tail.circom";
include "slot.circom";
include "widths.circom";

// The mains of the linked form (docs/setup.md, "Linked circuits"): BatchCircuit compiled as parts, each
// its own main component, joined at the R1CS level by proving-kit/link-plan.ts. The head part is
// BatchHead itself; SlotPart and TailPart wrap Slot and BatchTail only to choose which signals cross a
// part boundary, so that the linked system has the wires the whole compile keeps, no more: a main's
// inputs and outputs are never simplified away, and --O2 removes, in the whole compile, the tx data
// bits that are constant (idx bits at or above DEPTH) and the least significant bit of each
// range-checked field (it is the field minus its other bits). SlotPart outputs the other data bits;
// TailPart rebuilds the full data bits from them and the slot's fields, as linear expressions that
// --O2 removes again.

// Where data bit j (0..95, most significant first, L2TxFields' dataBits) lies: its field (0 fromIdx,
// 1 toIdx, 2 amountFloat, 3 feeFloat) and its bit number in that field (0 = least significant).
function txDataField(j) {
    var ends[4] = [IDX_BITS(), 2 * IDX_BITS(), 2 * IDX_BITS() + AMOUNT_FLOAT_BITS(), 8 * L2_TX_BYTES()];
    var field = 0;
    while (j >= ends[field]) { field++; }
    return field;
}
function txDataBitOf(j) {
    var ends[4] = [IDX_BITS(), 2 * IDX_BITS(), 2 * IDX_BITS() + AMOUNT_FLOAT_BITS(), 8 * L2_TX_BYTES()];
    return ends[txDataField(j)] - 1 - j;
}
// 0: always zero (an idx bit at or above DEPTH); 1: crosses the boundary; 2: the field's least
// significant bit, rebuilt from the field.
function txDataBitKind(DEPTH, j) {
    var widths[4] = [DEPTH, DEPTH, AMOUNT_FLOAT_BITS(), FEE_FLOAT_BITS()];
    var bit = txDataBitOf(j);
    var kind = 1;
    if (bit >= widths[txDataField(j)]) { kind = 0; } else if (bit == 0) { kind = 2; }
    return kind;
}
function txDataBitsCrossing(DEPTH) {
    var n = 0;
    for (var j = 0; j < 8 * L2_TX_BYTES(); j++) { n += txDataBitKind(DEPTH, j) == 1 ? 1 : 0; }
    return n;
}

// SlotPart(DEPTH, FEE_SLOTS, FIRST): Slot as a part. Its inputs are Slot's (withdrawalsHash absent in
// the first slot, whose chain starts from 0 as in BatchCircuit); its outputs Slot's, with txDataBits
// reduced to keptDataBits, the bits of kind 1 in data bit order.
// Caller obligations: Slot's (the link plan wires them as BatchCircuit does).
template SlotPart(DEPTH, FEE_SLOTS, FIRST) {
    var LEVELS = DEPTH \ 2;
    var F = FEE_SLOTS;
    signal input isL1, chainId, rollupAddress, stateRoot, l1QueueHash;
    signal input feeTokenId[F], feeActive[F];
    signal input l1TxType, l1Idx, l1TokenId, l1Amount, l1EthAddr, l1Ax, l1Ay;
    signal input fromIdx, toIdx, amountFloat, feeFloat, sigR8x, sigR8y, sigS;
    signal input senderTokenId, senderNonce, senderBalance, senderAx, senderAy, senderEthAddr;
    signal input senderSiblings[LEVELS][3];
    signal input receiverTokenId, receiverNonce, receiverBalance, receiverAx, receiverAy, receiverEthAddr;
    signal input receiverSiblings[LEVELS][3];
    signal output newStateRoot, newL1QueueHash, newWithdrawalsHash;
    signal output collectedFee[F];
    signal output keptDataBits[txDataBitsCrossing(DEPTH)];

    component slot = Slot(DEPTH, F);
    (slot.isL1, slot.chainId, slot.rollupAddress, slot.stateRoot, slot.l1QueueHash) <== (isL1, chainId, rollupAddress, stateRoot, l1QueueHash);
    if (FIRST == 1) {
        slot.withdrawalsHash <== 0;
    } else {
        signal input withdrawalsHash;
        slot.withdrawalsHash <== withdrawalsHash;
    }
    (slot.feeTokenId, slot.feeActive) <== (feeTokenId, feeActive);
    (slot.l1TxType, slot.l1Idx, slot.l1TokenId, slot.l1Amount) <== (l1TxType, l1Idx, l1TokenId, l1Amount);
    (slot.l1EthAddr, slot.l1Ax, slot.l1Ay) <== (l1EthAddr, l1Ax, l1Ay);
    (slot.fromIdx, slot.toIdx, slot.amountFloat, slot.feeFloat) <== (fromIdx, toIdx, amountFloat, feeFloat);
    (slot.sigR8x, slot.sigR8y, slot.sigS) <== (sigR8x, sigR8y, sigS);
    (slot.senderTokenId, slot.senderNonce, slot.senderBalance) <== (senderTokenId, senderNonce, senderBalance);
    (slot.senderAx, slot.senderAy, slot.senderEthAddr, slot.senderSiblings) <== (senderAx, senderAy, senderEthAddr, senderSiblings);
    (slot.receiverTokenId, slot.receiverNonce, slot.receiverBalance) <== (receiverTokenId, receiverNonce, receiverBalance);
    (slot.receiverAx, slot.receiverAy, slot.receiverEthAddr, slot.receiverSiblings) <== (receiverAx, receiverAy, receiverEthAddr, receiverSiblings);
    (newStateRoot, newL1QueueHash, newWithdrawalsHash, collectedFee) <== (slot.newStateRoot, slot.newL1QueueHash, slot.newWithdrawalsHash, slot.collectedFee);
    var n = 0;
    for (var j = 0; j < 8 * L2_TX_BYTES(); j++) {
        if (txDataBitKind(DEPTH, j) == 1) {
            keptDataBits[n] <== slot.txDataBits[j];
            n++;
        }
    }
}

// TailPart(DEPTH, BATCH_SIZE, FEE_SLOTS): BatchTail as a part, its one public input publicInputHash.
// Its inputs are BatchTail's, with keptDataBits[i] (SlotPart i's) for txDataBits[i], and each slot's data
// fields (fromIdx, toIdx, amountFloat, feeFloat: the batch's inputs) to rebuild the others.
// Caller obligations: BatchTail's; keptDataBits[i] are slot i's (SlotPart), whose fields are given.
template TailPart(DEPTH, BATCH_SIZE, FEE_SLOTS) {
    var LEVELS = DEPTH \ 2;
    var B = BATCH_SIZE;
    var F = FEE_SLOTS;
    var TX_BITS = 8 * L2_TX_BYTES();
    signal input publicInputHash;
    signal input chainId, rollupAddress, batchNumber;
    signal input oldStateRoot, stateRoot, l1QueueStartHash, l1QueueEndHash, withdrawalsHash;
    signal input collectedFee[B][F];
    signal input keptDataBits[B][txDataBitsCrossing(DEPTH)];
    signal input fromIdx[B], toIdx[B], amountFloat[B], feeFloat[B];
    signal input feeIdxBits[F][DEPTH];
    signal input feePacked[F], feeExists[F];
    signal input feeAccountBalance[F], feeAccountAx[F], feeAccountAy[F], feeAccountEthAddr[F];
    signal input feeAccountSiblings[F][LEVELS][3];

    component tail = BatchTail(DEPTH, B, F);
    tail.publicInputHash <== publicInputHash;
    (tail.chainId, tail.rollupAddress, tail.batchNumber) <== (chainId, rollupAddress, batchNumber);
    (tail.oldStateRoot, tail.stateRoot, tail.l1QueueStartHash) <== (oldStateRoot, stateRoot, l1QueueStartHash);
    (tail.l1QueueEndHash, tail.withdrawalsHash, tail.collectedFee) <== (l1QueueEndHash, withdrawalsHash, collectedFee);
    (tail.feeIdxBits, tail.feePacked, tail.feeExists) <== (feeIdxBits, feePacked, feeExists);
    (tail.feeAccountBalance, tail.feeAccountAx, tail.feeAccountAy) <== (feeAccountBalance, feeAccountAx, feeAccountAy);
    (tail.feeAccountEthAddr, tail.feeAccountSiblings) <== (feeAccountEthAddr, feeAccountSiblings);
    for (var i = 0; i < B; i++) {
        var fields[4] = [fromIdx[i], toIdx[i], amountFloat[i], feeFloat[i]];
        var rest[4] = [0, 0, 0, 0];
        var n = 0;
        for (var j = 0; j < TX_BITS; j++) {
            if (txDataBitKind(DEPTH, j) == 1) {
                rest[txDataField(j)] += keptDataBits[i][n] * 2 ** txDataBitOf(j);
                tail.txDataBits[i][j] <== keptDataBits[i][n];
                n++;
            }
        }
        for (var j = 0; j < TX_BITS; j++) {
            var kind = txDataBitKind(DEPTH, j);
            if (kind == 0) { tail.txDataBits[i][j] <== 0; }
            if (kind == 2) { tail.txDataBits[i][j] <== fields[txDataField(j)] - rest[txDataField(j)]; }
        }
    }
}
