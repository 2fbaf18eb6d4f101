// Server-sent events read from a fetch body (so the token stays in the Authorization header, never in a URL).
// The parser follows the WHATWG event-stream rules that matter here: lines end with LF, CRLF or CR; a blank line
// ends an event; "event:" names it, each "data:" line adds a line of data, ":" starts a comment.

export type ServerEvent = { event: string; data: string };

/** Incremental parser: feed text chunks as they arrive, get the complete events out. */
export class EventStreamParser {
  private buffer = '';
  private eventName = '';
  private data: string[] = [];

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    const out: ServerEvent[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (this.data.length > 0) out.push({ event: this.eventName || 'message', data: this.data.join('\n') });
        this.eventName = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.eventName = value;
      else if (field === 'data') this.data.push(value);
    }
    return out;
  }
}

export type StreamStatus = 'connecting' | 'open' | 'retrying' | 'closed';

/**
 * Reads the event stream at url until stopped, reconnecting after a drop with a growing pause (1 s, 2 s, 4 s ... at
 * most 15 s). A 401/403/404 answer stops it: retrying would not help.
 */
export function followEvents(
  url: string,
  token: string,
  onEvent: (e: ServerEvent) => void,
  onStatus: (s: StreamStatus) => void,
): () => void {
  const controller = new AbortController();
  let stopped = false;
  let pause = 1000;

  const run = async () => {
    while (!stopped) {
      onStatus('connecting');
      try {
        const response = await fetch(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          signal: controller.signal,
          cache: 'no-store',
        });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          onStatus('closed');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onStatus('open');
        pause = 1000;
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        const parser = new EventStreamParser();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const e of parser.push(decoder.decode(value, { stream: true }))) onEvent(e);
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onStatus('retrying');
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 15000);
    }
  };
  void run();
  return () => {
    stopped = true;
    controller.abort();
    onStatus('closed');
  };
}
