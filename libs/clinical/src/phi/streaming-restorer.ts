import { isPartialPhiPlaceholder, restorePlaceholders } from './phi-placeholder';

/**
 * Restores placeholders in streamed model output. A placeholder may arrive split across chunks
 * (`"[PHI_NA"`, `"ME_1] is"`): the restorer holds back only a trailing fragment that could still
 * become a placeholder, emits everything before it at once, and never emits part of a
 * placeholder. Call {@link flush} when the stream ends to release a fragment that never completed.
 */
export class StreamingRestorer {
  private pending = '';

  constructor(private readonly lookup: (placeholder: string) => string | undefined) {}

  /** Feeds the next chunk; returns the text that can be shown now (possibly empty). */
  push(chunk: string): string {
    const buffer = this.pending + chunk;
    const open = buffer.lastIndexOf('[');
    const held = open >= 0 && isPartialPhiPlaceholder(buffer.slice(open)) ? open : buffer.length;
    this.pending = buffer.slice(held);
    return restorePlaceholders(buffer.slice(0, held), this.lookup);
  }

  /** Ends the stream: returns the held-back fragment as it is (it never became a placeholder). */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /** The fragment currently held back, for diagnostics. */
  get held(): string {
    return this.pending;
  }
}
