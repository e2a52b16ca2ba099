/**
 * Records what the extension shows the user (notifications and progress reports) while still
 * showing it: each `vscode.window` function is wrapped and the real one called.
 *
 * This works because the extension host hands one `vscode` API object per extension, chosen by
 * the requiring file's path, and the bundled suite (out/test/vscode) lies inside the extension's
 * own folder: the suite and the extension share the object the spy wraps. `install` checks that
 * assumption is still true by refusing a read-only object rather than recording nothing.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A notification the extension asked VS Code to show. */
export interface ShownMessage {
  severity: 'error' | 'warning' | 'information';
  message: string;
}

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/** The spy; call {@link WindowSpy.dispose} (e.g. in `after`) to put the real functions back. */
export class WindowSpy implements vscode.Disposable {
  /** Every notification shown since `install` (or the last `clear`), in order. */
  readonly messages: ShownMessage[] = [];
  /** Every `progress.report` message of every `withProgress` task, in order. */
  readonly progressMessages: string[] = [];
  private readonly restore: Array<() => void> = [];

  /** Wraps the functions; fails the test when VS Code's API object cannot be patched. */
  static install(): WindowSpy {
    const spy = new WindowSpy();
    const win = vscode.window as unknown as Record<string, unknown>;
    for (const [name, severity] of [
      ['showErrorMessage', 'error'],
      ['showWarningMessage', 'warning'],
      ['showInformationMessage', 'information'],
    ] as const) {
      spy.wrap(win, name, (real) => (message: string, ...rest: unknown[]) => {
        spy.messages.push({ severity, message });
        return real(message, ...rest);
      });
    }
    spy.wrap(
      win,
      'withProgress',
      (real) =>
        (options: vscode.ProgressOptions, task: (p: Progress, t: vscode.CancellationToken) => unknown) =>
          real(options, (progress: Progress, token: vscode.CancellationToken) =>
            task(
              {
                report: (value) => {
                  if (value.message !== undefined) spy.progressMessages.push(value.message);
                  progress.report(value);
                },
              },
              token,
            ),
          ),
    );
    return spy;
  }

  /** Forget what was recorded so far. */
  clear(): void {
    this.messages.length = 0;
    this.progressMessages.length = 0;
  }

  dispose(): void {
    for (const undo of this.restore.splice(0).reverse()) undo();
  }

  private wrap(
    target: Record<string, unknown>,
    name: string,
    make: (real: (...args: unknown[]) => unknown) => (...args: never[]) => unknown,
  ): void {
    const real = target[name] as (...args: unknown[]) => unknown;
    assert.equal(typeof real, 'function', `vscode.window.${name} is not a function`);
    const bound = real.bind(target) as (...args: unknown[]) => unknown;
    target[name] = make(bound);
    assert.notEqual(
      target[name],
      real,
      `vscode.window.${name} cannot be wrapped: the suite cannot see what the extension shows`,
    );
    this.restore.push(() => (target[name] = real));
  }
}
