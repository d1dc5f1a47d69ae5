pragma circom 2.1.0;

include "account-leaf.circom";
include "fee-slots.circom";
include "l1-queue.circom";
include "l1-tx.circom";
include "l2-signature.circom";
include "l2-tx.circom";
include "leaf-effects.circom";
include "leaf-update.circom";
include "widths.circom";
include "withdrawals.circom";

// Slot(DEPTH, FEE_SLOTS): one tx slot of a batch (docs/protocol.md §3, §5–§8), one of
//  - an L1 slot: the queued DEPOSIT or FORCED_EXIT, applied when valid and a no-op by constraint when
//    not (an invalid deposit refunded through the withdrawals);
//  - an L2 slot: a TRANSFER or WITHDRAW signed by its sender for chainId and rollupAddress, which must be
//    valid (no witness otherwise);
//  - a NOOP.
// Updates the sender leaf then the receiver leaf from stateRoot (a side the tx does not use updates
// leaf 0 to itself), steps the L1 queue and withdrawals chains, and outputs the fee it routes to each
// fee slot and its 96 tx data bits for the public input.
// Caller obligations: isL1 is boolean (L1SlotMask); chainId < 2^64 and rollupAddress < 2^160
// (PublicInputHash); feeActive, feeTokenId come from FeeAccount and are distinct (FeeTokensDistinct).
template Slot(DEPTH, FEE_SLOTS) {
    var LEVELS = DEPTH \ 2;
    signal input isL1;
    signal input chainId;
    signal input rollupAddress;
    signal input stateRoot;
    signal input l1QueueHash;
    signal input withdrawalsHash;
    signal input feeTokenId[FEE_SLOTS];
    signal input feeActive[FEE_SLOTS];
    signal input l1TxType, l1Idx, l1TokenId, l1Amount, l1EthAddr, l1Ax, l1Ay;
    signal input fromIdx, toIdx, amountFloat, feeFloat, sigR8x, sigR8y, sigS;
    signal input senderTokenId, senderNonce, senderBalance, senderAx, senderAy, senderEthAddr;
    signal input senderSiblings[LEVELS][3];
    signal input receiverTokenId, receiverNonce, receiverBalance, receiverAx, receiverAy, receiverEthAddr;
    signal input receiverSiblings[LEVELS][3];
    signal output newStateRoot;
    signal output newL1QueueHash;
    signal output newWithdrawalsHash;
    signal output collectedFee[FEE_SLOTS];
    signal output txDataBits[8 * L2_TX_BYTES()];

    // The fields, range-checked and classified.
    component l1 = L1TxFields(DEPTH);
    (l1.isL1, l1.txType, l1.idx, l1.tokenId) <== (isL1, l1TxType, l1Idx, l1TokenId);
    (l1.amount, l1.ethAddr, l1.ax, l1.ay) <== (l1Amount, l1EthAddr, l1Ax, l1Ay);
    component l2 = L2TxFields(DEPTH);
    (l2.isL1, l2.fromIdx, l2.toIdx, l2.amountFloat, l2.feeFloat) <== (isL1, fromIdx, toIdx, amountFloat, feeFloat);
    txDataBits <== l2.dataBits;
    component sender = AccountFields();
    (sender.tokenId, sender.nonce, sender.balance) <== (senderTokenId, senderNonce, senderBalance);
    (sender.ax, sender.ay, sender.ethAddr) <== (senderAx, senderAy, senderEthAddr);
    component receiver = AccountFields();
    (receiver.tokenId, receiver.nonce, receiver.balance) <== (receiverTokenId, receiverNonce, receiverBalance);
    (receiver.ax, receiver.ay, receiver.ethAddr) <== (receiverAx, receiverAy, receiverEthAddr);
    component credit = ReceiverCredit();
    (credit.balance, credit.l1Amount, credit.amount) <== (receiverBalance, l1Amount, l2.amount);

    // Validity: flags for L1 txs, constraints for L2 txs.
    component l1Rules = L1TxRules();
    (l1Rules.isDeposit, l1Rules.isForcedExit, l1Rules.inTree) <== (l1.isDeposit, l1.isForcedExit, l1.inTree);
    (l1Rules.idxNonZero, l1Rules.keyNonZero) <== (l1.idxNonZero, l1.keyNonZero);
    (l1Rules.ethAddrNonZero, l1Rules.tokenId, l1Rules.ethAddr) <== (l1.ethAddrNonZero, l1TokenId, l1EthAddr);
    (l1Rules.senderExists, l1Rules.senderEthAddr) <== (sender.exists, senderEthAddr);
    (l1Rules.receiverExists, l1Rules.receiverTokenId) <== (receiver.exists, receiverTokenId);
    l1Rules.receiverOverflow <== credit.overflow;
    component l2Rules = L2TxRules();
    (l2Rules.isL2, l2Rules.isTransfer) <== (l2.isL2, l2.isTransfer);
    (l2Rules.senderExists, l2Rules.senderNonce, l2Rules.senderTokenId) <== (sender.exists, senderNonce, senderTokenId);
    (l2Rules.receiverExists, l2Rules.receiverTokenId) <== (receiver.exists, receiverTokenId);
    l2Rules.receiverOverflow <== credit.overflow;

    // packedL2Tx = fromIdx | toIdx << 32 | amountFloat << 64 | feeFloat << 88 | nonce << 96 | tokenId << 136,
    // with the sender leaf's nonce and token (§3).
    var AT_AMOUNT = 2 * IDX_BITS();
    var AT_FEE = AT_AMOUNT + AMOUNT_FLOAT_BITS();
    var AT_NONCE = AT_FEE + FEE_FLOAT_BITS();
    var AT_TOKEN = AT_NONCE + NONCE_BITS();
    component signature = L2TxSignature();
    (signature.enabled, signature.chainId, signature.rollupAddress) <== (l2.isL2, chainId, rollupAddress);
    signature.packedL2Tx <== fromIdx + toIdx * 2 ** IDX_BITS() + amountFloat * 2 ** AT_AMOUNT
        + feeFloat * 2 ** AT_FEE + senderNonce * 2 ** AT_NONCE + senderTokenId * 2 ** AT_TOKEN;
    (signature.ax, signature.ay) <== (senderAx, senderAy);
    (signature.r8x, signature.r8y, signature.s) <== (sigR8x, sigR8y, sigS);

    // The leaves after the slot.
    component senderAfter = SenderEffects();
    (senderAfter.isL2, senderAfter.forcedExitValid) <== (l2.isL2, l1Rules.forcedExitValid);
    (senderAfter.amount, senderAfter.fee) <== (l2.amount, l2.fee);
    (senderAfter.tokenId, senderAfter.nonce, senderAfter.balance) <== (senderTokenId, senderNonce, senderBalance);
    component receiverAfter = ReceiverEffects();
    (receiverAfter.createValid, receiverAfter.depositValid) <== (l1Rules.createValid, l1Rules.depositValid);
    (receiverAfter.isTransfer, receiverAfter.amount) <== (l2.isTransfer, l2.amount);
    (receiverAfter.l1TokenId, receiverAfter.l1Amount) <== (l1TokenId, l1Amount);
    (receiverAfter.l1Ax, receiverAfter.l1Ay, receiverAfter.l1EthAddr) <== (l1Ax, l1Ay, l1EthAddr);
    (receiverAfter.tokenId, receiverAfter.nonce, receiverAfter.balance) <== (receiverTokenId, receiverNonce, receiverBalance);
    (receiverAfter.ax, receiverAfter.ay) <== (receiverAx, receiverAy);
    (receiverAfter.ethAddr, receiverAfter.exists) <== (receiverEthAddr, receiver.exists);

    // The updated leaves: the sender is fromIdx (L2) or the forced exit's idx, the receiver toIdx (L2)
    // or the deposit's idx; an L1 idx outside the tree selects leaf 0. At most one term of each sum is
    // non-zero (fromIdx = toIdx = 0 in L1 slots, the L1 flags are 0 in the others): the bits are boolean.
    signal exitSelect <== l1.isForcedExit * l1.inTree;
    signal depositSelect <== l1.isDeposit * l1.inTree;
    signal senderPathBits[DEPTH];
    signal receiverPathBits[DEPTH];
    for (var k = 0; k < DEPTH; k++) {
        senderPathBits[k] <== l2.fromBits[k] + exitSelect * l1.idxBits[k];
        receiverPathBits[k] <== l2.toBits[k] + depositSelect * l1.idxBits[k];
    }
    component senderUpdate = SideUpdate(LEVELS);
    senderUpdate.stateRoot <== stateRoot;
    (senderUpdate.pathBits, senderUpdate.siblings) <== (senderPathBits, senderSiblings);
    (senderUpdate.oldPacked, senderUpdate.newPacked) <== (sender.packed, senderAfter.newPacked);
    (senderUpdate.oldAx, senderUpdate.oldAy, senderUpdate.oldEthAddr) <== (senderAx, senderAy, senderEthAddr);
    (senderUpdate.newAx, senderUpdate.newAy, senderUpdate.newEthAddr) <== (senderAx, senderAy, senderEthAddr);
    (senderUpdate.oldExists, senderUpdate.newExists) <== (sender.exists, sender.exists);
    component receiverUpdate = SideUpdate(LEVELS);
    receiverUpdate.stateRoot <== senderUpdate.newStateRoot;
    (receiverUpdate.pathBits, receiverUpdate.siblings) <== (receiverPathBits, receiverSiblings);
    (receiverUpdate.oldPacked, receiverUpdate.newPacked) <== (receiver.packed, receiverAfter.newPacked);
    (receiverUpdate.oldAx, receiverUpdate.oldAy) <== (receiverAx, receiverAy);
    receiverUpdate.oldEthAddr <== receiverEthAddr;
    (receiverUpdate.newAx, receiverUpdate.newAy) <== (receiverAfter.newAx, receiverAfter.newAy);
    receiverUpdate.newEthAddr <== receiverAfter.newEthAddr;
    (receiverUpdate.oldExists, receiverUpdate.newExists) <== (receiver.exists, receiverAfter.newExists);
    newStateRoot <== receiverUpdate.newStateRoot;

    component queue = L1QueueStep();
    (queue.isL1, queue.prev, queue.packedL1Tx) <== (isL1, l1QueueHash, l1.packed);
    (queue.ethAddr, queue.ax, queue.ay) <== (l1EthAddr, l1Ax, l1Ay);
    newL1QueueHash <== queue.next;

    // At most one record per slot: a refunded deposit's (to the depositor), a valid forced exit's or a
    // WITHDRAW's (to the sender leaf's ethAddr). The flags exclude each other; amount 0 is no record.
    signal refundAmount <== l1Rules.refund * l1Amount;
    signal withdrawAmount <== l2.isWithdraw * l2.amount;
    signal senderPays <== l1Rules.forcedExitValid + l2.isWithdraw;
    signal refundEthAddr <== l1Rules.refund * l1EthAddr;
    signal senderEthAddrPaid <== senderPays * senderEthAddr;
    signal refundTokenId <== l1Rules.refund * l1TokenId;
    signal senderTokenIdPaid <== senderPays * senderTokenId;
    component withdrawal = WithdrawalsStep();
    withdrawal.prev <== withdrawalsHash;
    withdrawal.ethAddr <== refundEthAddr + senderEthAddrPaid;
    withdrawal.tokenId <== refundTokenId + senderTokenIdPaid;
    withdrawal.amount <== refundAmount + senderAfter.exitAmount + withdrawAmount;
    newWithdrawalsHash <== withdrawal.next;

    component fees = FeeMatch(FEE_SLOTS);
    (fees.fee, fees.tokenId) <== (l2.fee, senderTokenId);
    (fees.feeTokenId, fees.active) <== (feeTokenId, feeActive);
    collectedFee <== fees.collected;
}
