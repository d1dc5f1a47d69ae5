import { ModuloError } from '../core/errors.js';
import type { RateLimit } from './config.js';

/** Clients held before those whose strikes all left the window are forgotten. */
const PRUNE_ABOVE = 1024;

/**
 * Strikes per client in a sliding window: a client that handed in `max` invalid proofs within the
 * window has its next proofs refused (RATE_LIMITED) before they are verified, so garbage costs the
 * client its turn instead of the sequencer a pairing check each. Clients whose strikes all left the
 * window are forgotten (past PRUNE_ABOVE held), so memory follows the clients striking within one window.
 */
export class PenaltyBox {
  readonly #limit: RateLimit;
  readonly #clock: () => number;
  readonly #strikes = new Map<string, number[]>();

  constructor(limit: RateLimit, clock: () => number = Date.now) {
    this.#limit = limit;
    this.#clock = clock;
  }

  /** Throws RATE_LIMITED while `client` is penalized. */
  check(client: string): void {
    const recent = this.#recent(client);
    if (recent.length < this.#limit.max) return;
    const retryAfterMs = recent[0]! + this.#limit.timeWindowMs - this.#clock();
    throw new ModuloError(
      'RATE_LIMITED',
      `${recent.length} invalid proofs within ${this.#limit.timeWindowMs} ms: proofs from this client are refused for ${Math.ceil(retryAfterMs / 1000)} s`,
      { retryAfterMs },
    );
  }

  strike(client: string): void {
    this.#strikes.set(client, [...this.#recent(client), this.#clock()]);
    if (this.#strikes.size > PRUNE_ABOVE) for (const other of [...this.#strikes.keys()]) this.#recent(other);
  }

  #recent(client: string): number[] {
    const since = this.#clock() - this.#limit.timeWindowMs;
    const recent = (this.#strikes.get(client) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.#strikes.delete(client);
    else this.#strikes.set(client, recent);
    return recent;
  }
}
