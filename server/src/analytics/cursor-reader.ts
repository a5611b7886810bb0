/** What the reader needs of a driver cursor. */
export interface BatchCursor<T> {
  hasNext(): Promise<boolean>;
  readBufferedDocuments(): T[];
  close(): Promise<void>;
}

/**
 * Reads a driver cursor a batch at a time and hands documents out synchronously, so merging several
 * sorted cursors costs no promise per document; `refill()` is the only await.
 */
export class CursorReader<T> {
  private batch: T[] = [];
  private position = 0;
  private done = false;

  constructor(private readonly cursor: BatchCursor<T>) {}

  /** The next document without taking it; undefined when the batch is used up (then `refill()`). */
  current(): T | undefined {
    return this.position < this.batch.length ? this.batch[this.position] : undefined;
  }

  take(): void {
    this.position += 1;
  }

  /** Loads the next batch; false at the end of the cursor. */
  async refill(): Promise<boolean> {
    if (this.done) return false;
    if (!(await this.cursor.hasNext())) {
      this.done = true;
      return false;
    }
    this.batch = this.cursor.readBufferedDocuments();
    this.position = 0;
    return this.batch.length > 0;
  }

  /** The next document, loading a batch when needed; undefined at the end. */
  async peek(): Promise<T | undefined> {
    const doc = this.current();
    if (doc !== undefined) return doc;
    return (await this.refill()) ? this.current() : undefined;
  }

  async close(): Promise<void> {
    await this.cursor.close();
  }
}

/** Buffers writes and sends them as unordered bulk writes of `size`. */
export class BulkWriter<Op> {
  private ops: Op[] = [];
  written = 0;

  constructor(
    private readonly size: number,
    private readonly send: (ops: Op[]) => Promise<unknown>,
  ) {}

  async add(op: Op): Promise<void> {
    this.ops.push(op);
    if (this.ops.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.ops.length === 0) return;
    const ops = this.ops;
    this.ops = [];
    this.written += ops.length;
    await this.send(ops);
  }
}
