/** What the auditor reports when it cannot audit (a mismatch is a finding in the report, not an error). */
export type AuditErrorCode =
  | 'USAGE'
  | 'L1_UNREACHABLE'
  /** No Rollup contract at the address (no code, or not the interface). */
  | 'NOT_A_ROLLUP'
  /** No verification key for a registered circuit. */
  | 'VKEY_MISSING'
  /** solc failed on a regenerated verifier. */
  | 'COMPILE_FAILED'
  | 'FILE_NOT_FOUND';

export class AuditError extends Error {
  override readonly name = 'AuditError';
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
