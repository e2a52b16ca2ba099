/** Append-only typed-array buffers: charts read views of them without copying every update. */

type TypedArrayCtor<T> = { new (length: number): T };

/** A growable typed array (doubling). `view()` is valid until the next `push`. */
export class Growable<T extends Float64Array | Int32Array> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    initial = 256,
  ) {
    this.data = new ctor(initial);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.ctor(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** Makes room for `capacity` values in all, so that many pushes never copy the buffer. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const bigger = new this.ctor(capacity);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  /**
   * Appends `count` values that the caller writes into `data` at [start, start + count): a bulk
   * load without a call per value. `data` is valid until the next append or push.
   */
  append(count: number): { data: T; start: number } {
    if (this.length + count > this.data.length)
      this.reserve(Math.max(this.length + count, 2 * this.data.length));
    const start = this.length;
    this.length += count;
    return { data: this.data, start };
  }

  get(i: number): number {
    return this.data[i];
  }

  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const growF64 = (initial = 256): Growable<Float64Array> => new Growable(Float64Array, initial);
export const growI32 = (): Growable<Int32Array> => new Growable(Int32Array);
