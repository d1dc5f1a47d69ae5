// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {PoseidonT5} from "poseidon-solidity/PoseidonT5.sol";
import {IExodus} from "../interfaces/IExodus.sol";
import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title AccountProof
/// @notice Account leaves and their Merkle proofs in the quaternary Poseidon(4) state tree (docs/protocol.md §2;
///         core/account.ts, core/state-tree.ts).
library AccountProof {
    /// @dev Poseidon(packedAccount, ax, ay, ethAddr), packedAccount = tokenId | nonce << 32 | balance << 72
    ///      (docs/protocol.md §2; core's accountLeafHash). The offsets are sums of constants: unchecked, so that
    ///      the compiler folds them.
    function accountLeafHash(IExodus.AccountLeaf calldata leaf) internal pure returns (uint256) {
        uint256 packedAccount;
        unchecked {
            packedAccount = uint256(leaf.tokenId) | (uint256(leaf.nonce) << ProtocolConstants.TOKEN_BITS)
                | (uint256(leaf.balance) << (ProtocolConstants.TOKEN_BITS + ProtocolConstants.NONCE_BITS));
        }
        return PoseidonT5.hash([packedAccount, leaf.ax, leaf.ay, uint256(uint160(leaf.ethAddr))]);
    }

    /// @dev The root `leaf` at `idx` leads to: at level k the node sits at position (idx >> 2k) & 3 among its
    ///      siblings[k], which are the three other children in ascending position (core's computeRoot). The
    ///      caller checks idx against the depth and siblings.length against the levels.
    function computeRoot(uint256 leaf, uint256 idx, uint256[3][] calldata siblings) internal pure returns (uint256) {
        uint256 node = leaf;
        for (uint256 level = 0; level < siblings.length; ++level) {
            uint256 position = idx & 3;
            uint256[3] calldata group = siblings[level];
            uint256[4] memory children;
            uint256 s = 0;
            for (uint256 c = 0; c < 4; ++c) {
                children[c] = c == position ? node : group[s++];
            }
            node = PoseidonT5.hash(children);
            idx >>= 2;
        }
        return node;
    }
}
