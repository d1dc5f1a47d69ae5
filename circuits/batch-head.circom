pragma circom 2.1.0;

include "fee-slots.circom";
include "slot-mask.circom";

// BatchHead(DEPTH, BATCH_SIZE, FEE_SLOTS): what the batch fixes before its first slot (docs/protocol.md
// §5, §8): isL1, the L1 slot prefix of length l1TxCount; and each fee slot's account as it is before its
// credit (FeeAccount: feeIdx < 2^DEPTH, an active slot's account exists, its leaf fields range-checked),
// the active slots holding distinct tokens. Outputs what the slots (isL1, feeActive) and BatchTail
// (feeIdxBits, feePacked, feeExists) read.
// Caller obligations: none.
template BatchHead(DEPTH, BATCH_SIZE, FEE_SLOTS) {
    var B = BATCH_SIZE;
    var F = FEE_SLOTS;
    signal input l1TxCount;
    signal input feeIdx[F];
    signal input feeAccountTokenId[F], feeAccountNonce[F], feeAccountBalance[F];
    signal input feeAccountAx[F], feeAccountAy[F], feeAccountEthAddr[F];
    signal output isL1[B];
    signal output feeActive[F];
    signal output feeIdxBits[F][DEPTH];
    signal output feePacked[F];
    signal output feeExists[F];

    component mask = L1SlotMask(B);
    mask.count <== l1TxCount;
    isL1 <== mask.isL1;

    component feeAccounts[F];
    for (var f = 0; f < F; f++) {
        feeAccounts[f] = FeeAccount(DEPTH);
        feeAccounts[f].feeIdx <== feeIdx[f];
        feeAccounts[f].tokenId <== feeAccountTokenId[f];
        feeAccounts[f].nonce <== feeAccountNonce[f];
        feeAccounts[f].balance <== feeAccountBalance[f];
        (feeAccounts[f].ax, feeAccounts[f].ay, feeAccounts[f].ethAddr) <== (feeAccountAx[f], feeAccountAy[f], feeAccountEthAddr[f]);
        feeActive[f] <== feeAccounts[f].active;
        (feeIdxBits[f], feePacked[f], feeExists[f]) <== (feeAccounts[f].idxBits, feeAccounts[f].packed, feeAccounts[f].exists);
    }
    component distinctFeeTokens = FeeTokensDistinct(F);
    (distinctFeeTokens.tokenId, distinctFeeTokens.active) <== (feeAccountTokenId, feeActive);
}
