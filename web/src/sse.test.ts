import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './sse';

describe('EventStreamParser', () => {
  it('reads named events with multi-line data and skips comments', () => {
    const p = new EventStreamParser();
    const events = p.push(': keep-alive\n\nevent: live\ndata: {"a":1,\ndata: "b":2}\n\nevent: alert\ndata: x\n\n');
    expect(events).toEqual([
      { event: 'live', data: '{"a":1,\n"b":2}' },
      { event: 'alert', data: 'x' },
    ]);
  });

  it('joins events split across chunks, including a CRLF split in two', () => {
    const p = new EventStreamParser();
    const text = 'event: live\r\ndata: {"asOf":null}\r\n\r\nevent: alert\r\ndata: y\r\n\r\n';
    const out = [];
    for (let i = 0; i < text.length; i += 3) out.push(...p.push(text.slice(i, i + 3)));
    expect(out).toEqual([
      { event: 'live', data: '{"asOf":null}' },
      { event: 'alert', data: 'y' },
    ]);
  });

  it('gives the default name "message" and holds an unfinished event back', () => {
    const p = new EventStreamParser();
    expect(p.push('data: 1\n\ndata: 2\n')).toEqual([{ event: 'message', data: '1' }]);
    expect(p.push('\n')).toEqual([{ event: 'message', data: '2' }]);
  });
});
