/** One Server-Sent Events item: a dispatched event (its `data:` lines joined) or a `:` comment. */
export type SseItem =
  | { readonly kind: 'data'; readonly data: string; readonly event: string | undefined }
  | { readonly kind: 'comment'; readonly text: string };

/**
 * Reads an SSE body item by item (WHATWG rules for `data:`, `event:` and comments; an event is
 * dispatched on a blank line, an unterminated last event is dropped). Errors of the underlying
 * stream (a reset, a closed connection, an abort) are thrown from the iteration.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseItem, void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let data: string[] = [];
  let event: string | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
        if (line === '') {
          if (data.length > 0) yield { kind: 'data', data: data.join('\n'), event };
          data = [];
          event = undefined;
          continue;
        }
        if (line.startsWith(':')) {
          yield { kind: 'comment', text: line.slice(1).trim() };
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Everything an SSE body carried, and how it ended. */
export interface SseTranscript {
  readonly items: readonly SseItem[];
  /** Parsed JSON of every `data:` payload except `[DONE]` and malformed ones, in order. */
  readonly chunks: readonly unknown[];
  /** `data:` payloads that were not JSON. */
  readonly malformed: readonly string[];
  readonly comments: readonly string[];
  /** Whether `data: [DONE]` arrived. */
  readonly done: boolean;
  /** The error that ended the read early (reset, closed connection, abort), if any. */
  readonly error: Error | undefined;
}

/** Reads a whole SSE response; a failing read is reported in `error`, not thrown. */
export async function collectSse(response: Response): Promise<SseTranscript> {
  const items: SseItem[] = [];
  const chunks: unknown[] = [];
  const malformed: string[] = [];
  const comments: string[] = [];
  let done = false;
  let error: Error | undefined;
  if (response.body === null) throw new Error('collectSse: the response has no body');
  try {
    for await (const item of readSse(response.body)) {
      items.push(item);
      if (item.kind === 'comment') {
        comments.push(item.text);
      } else if (item.data === '[DONE]') {
        done = true;
      } else {
        try {
          chunks.push(JSON.parse(item.data));
        } catch {
          // Recorded, not thrown: tests assert on malformed payloads.
          malformed.push(item.data);
        }
      }
    }
  } catch (caught) {
    error = caught instanceof Error ? caught : new Error(String(caught));
  }
  return { items, chunks, malformed, comments, done, error };
}
