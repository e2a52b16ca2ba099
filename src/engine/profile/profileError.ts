/**
 * A profile file that cannot be read or written. The message is for people: it names the file,
 * says what is wrong and what to do. The CLI maps it to exit code 2 (unreadable path).
 */
export class ProfileError extends Error {
  /** Exit code for the CLI: 2 = bad argument or unreadable path. */
  readonly exitCode = 2;

  constructor(
    message: string,
    /** The file concerned, when there is one. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}
