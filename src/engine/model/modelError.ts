/**
 * An error about the user's model or model options, worded for people, with the CLI exit code:
 * 2 = unreadable path or bad option value, 3 = the model cannot be profiled.
 */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 | 3,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
