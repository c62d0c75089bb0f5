import { SseParser, type SseMessage } from '../../../src/backends/desk/sseParser';

/** A raw SSE reader: what arrived, as text and as parsed messages. */
export class RawStream {
  raw = '';
  readonly messages: SseMessage[] = [];
  status = 0;
  private readonly controller = new AbortController();
  private readonly done: Promise<void>;

  constructor(url: string, headers: Record<string, string>) {
    this.done = (async () => {
      try {
        const response = await fetch(url, { headers, signal: this.controller.signal });
        this.status = response.status;
        const parser = new SseParser();
        const decoder = new TextDecoder();
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          const text = decoder.decode(chunk, { stream: true });
          this.raw += text;
          this.messages.push(...parser.push(text));
        }
      } catch {
        // aborted by close()
      }
    })();
  }

  async until(condition: (stream: this) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const limit = Date.now() + timeoutMs;
    while (!condition(this)) {
      if (Date.now() > limit) throw new Error(`timed out waiting for ${what}; got ${this.raw.slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  get ids(): number[] {
    return this.messages.map((m) => Number(m.lastEventId));
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
