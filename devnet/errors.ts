/** What `modulo devnet` reports; printed as `code: message`. */
export type DevnetErrorCode =
  /** The devnet needs Node >= 22.13 (node:sqlite, Hardhat 3); `make devnet` installs it in tools/node. */
  | 'NODE_TOO_OLD'
  | 'PORT_IN_USE'
  | 'BUILD_FAILED'
  /** A component did not come up (the message has its log's tail). */
  | 'START_FAILED'
  /** A component stopped while the devnet was running. */
  | 'PROCESS_EXITED';

export class DevnetError extends Error {
  override readonly name = 'DevnetError';
  constructor(
    readonly code: DevnetErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
