// A small Server-Sent Events reader for tests: parses a streaming body into
// events and waits for the ones a test expects, with a timeout.

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  ended = false;
  private buffer = "";
  private waiters: (() => void)[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  readonly done: Promise<void>;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
    this.done = this.pump();
  }

  private async pump() {
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        this.buffer += this.decoder.decode(value, { stream: true });
        this.parse();
      }
    } catch {
      // an errored stream counts as ended
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private parse() {
    let index: number;
    while ((index = this.buffer.indexOf("\n\n")) >= 0) {
      const block = this.buffer.slice(0, index);
      this.buffer = this.buffer.slice(index + 2);
      let event = "message";
      let id: string | undefined;
      const data: string[] = [];
      let hasField = false;
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "id") id = value;
        else if (field === "data") data.push(value);
        else continue;
        hasField = true;
      }
      if (hasField && (data.length || id !== undefined)) this.events.push({ event, id, data: data.join("\n") });
    }
    this.wake();
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** Resolves with the events once `predicate` holds over all events so far. */
  async waitFor(predicate: (events: SseEvent[]) => boolean, timeoutMs = 5_000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this.events)) return this.events;
      if (this.ended) throw new Error(`stream ended before the condition held; events: ${JSON.stringify(this.events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; events so far: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitForEnd(timeoutMs = 5_000): Promise<void> {
    await Promise.race([
      this.done,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`stream still open; events: ${JSON.stringify(this.events)}`)), timeoutMs)),
    ]);
  }

  changes(): { seq: number; type: string; nodeId: string | null }[] {
    return this.events.filter((e) => e.event === "change").map((e) => JSON.parse(e.data) as { seq: number; type: string; nodeId: string | null });
  }

  async cancel() {
    await this.reader.cancel().catch(() => {});
  }
}
