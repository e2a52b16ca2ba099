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
      const bigger = new this.ctor(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }

  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const growF64 = (): Growable<Float64Array> => new Growable(Float64Array);
export const growI32 = (): Growable<Int32Array> => new Growable(Int32Array);
