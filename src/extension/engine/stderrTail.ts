/**
 * Keeps the last few kilobytes of a child's stderr, so a crash can be reported with what the
 * process said last (a native abort, an uncaught exception) without holding its whole output.
 */
export class StderrTail {
  private chunks: string[] = [];
  private length = 0;

  constructor(private readonly maxChars = 8192) {}

  /** Append a chunk; drops the oldest text beyond `maxChars`. */
  push(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    // Drop whole chunks while what remains is still enough, then trim the oldest one.
    while (this.chunks.length > 1 && this.length - this.chunks[0].length >= this.maxChars) {
      this.length -= this.chunks.shift()!.length;
    }
    if (this.length > this.maxChars) {
      this.chunks[0] = this.chunks[0].slice(this.length - this.maxChars);
      this.length = this.maxChars;
    }
  }

  /** The kept text, at most `maxChars` characters (the last line may be cut at its start). */
  text(): string {
    return this.chunks.join('');
  }

  /** The last `lines` non-empty lines, for a message to a person. */
  lastLines(lines = 20): string {
    return this.text()
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .slice(-lines)
      .join('\n');
  }
}
