import type * as vscode from 'vscode';

/** Disposes everything and rethrows the first error only after all had their turn. */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const disposable of disposables) {
    try {
      disposable.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
}

/**
 * Base for anything that owns listeners, emitters or registrations: whatever it
 * `_register`s is disposed with it, so nothing outlives the extension.
 */
export abstract class Disposable {
  private disposed = false;
  private readonly owned: vscode.Disposable[] = [];

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned.splice(0).reverse());
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }
}
