import type { Token } from '../api.js';

/** What every page is rendered with. */
export interface PageContext {
  readonly tokens: readonly Token[];
  /** The time of this render (ms since the epoch). */
  readonly now: number;
}

export interface Rendered {
  readonly title: string;
  readonly body: HTMLElement;
  /** Whether the page may change on the next refresh (a finalized batch does not). */
  readonly live: boolean;
}
