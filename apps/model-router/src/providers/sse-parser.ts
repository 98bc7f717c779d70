/** One item of a server-sent event stream. */
export type SseItem =
  | { readonly type: 'event'; readonly event: string | undefined; readonly data: string }
  /** A `:` line: a keep-alive or a note from the server, never data. */
  | { readonly type: 'comment'; readonly text: string };

/**
 * Incremental parser for `text/event-stream` (the WHATWG rules that matter here): lines end with
 * LF, CRLF or CR, also when split across chunks; `data` lines accumulate and a blank line
 * dispatches them; `:` lines are comments; `id`, `retry` and unknown fields are ignored.
 */
export class SseParser {
  private buffer = '';
  private skipLeadingLf = false;
  private data: string[] = [];
  private eventName: string | undefined;

  /** Feeds decoded text; returns the items completed by it. */
  push(chunk: string): SseItem[] {
    const items: SseItem[] = [];
    let text = chunk;
    if (this.skipLeadingLf) {
      // The previous chunk ended in CR: an LF starting this one belongs to that line break.
      if (text.startsWith('\n')) text = text.slice(1);
      this.skipLeadingLf = false;
    }
    this.buffer += text;
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf('\n', start);
      const cr = this.buffer.indexOf('\r', start);
      if (lf === -1 && cr === -1) break;
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        end = cr;
        if (cr + 1 < this.buffer.length) {
          next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
        } else {
          next = cr + 1;
          this.skipLeadingLf = true;
        }
      } else {
        end = lf;
        next = lf + 1;
      }
      this.line(this.buffer.slice(start, end), items);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return items;
  }

  /**
   * Ends the stream. Leniently dispatches a last event that lacks its closing blank line, so that a
   * sloppy `data: [DONE]` at the very end still counts (a truncated JSON chunk then fails to parse).
   */
  end(): SseItem[] {
    const items: SseItem[] = [];
    if (this.buffer.length > 0) this.line(this.buffer, items);
    this.buffer = '';
    this.line('', items);
    return items;
  }

  private line(line: string, items: SseItem[]): void {
    if (line === '') {
      if (this.data.length > 0) {
        items.push({ type: 'event', event: this.eventName, data: this.data.join('\n') });
      }
      this.data = [];
      this.eventName = undefined;
      return;
    }
    if (line.startsWith(':')) {
      items.push({ type: 'comment', text: line.slice(1).trimStart() });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventName = value;
  }
}
