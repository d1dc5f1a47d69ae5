import { getAddress } from 'ethers';
import { toBytesBE, toHex } from '../core/bits.js';
import type { L1Tx } from '../core/tx.js';

/** core's L1Tx as the contract's IBridge.L1Tx struct (forcedExit's creation entry, refundDeposit's deposit). */
export function l1TxStruct(tx: L1Tx): Record<string, unknown> {
  return {
    txType: tx.txType,
    idx: tx.idx,
    tokenId: tx.tokenId,
    amount: tx.amount,
    ethAddr: getAddress(toHex(toBytesBE(tx.ethAddr, 20))),
    ax: tx.ax,
    ay: tx.ay,
  };
}
