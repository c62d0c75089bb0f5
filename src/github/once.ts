/** Wraps a callback so it runs at most once: several 401s in one flow mean one sign-in prompt. */
export function once(callback: (() => void) | undefined): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    callback?.();
  };
}
