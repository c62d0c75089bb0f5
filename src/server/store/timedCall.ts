/** Told about every settled store call: for the store latency histogram. */
export type StoreCallObserver = (operation: string, seconds: number, outcome: 'ok' | 'error') => void;

/** Runs one store call and tells `observe` how long it took and whether it threw. */
export async function timedCall<T>(operation: string, observe: StoreCallObserver | undefined, call: () => Promise<T>): Promise<T> {
  if (!observe) return call();
  const started = performance.now();
  try {
    const value = await call();
    observe(operation, (performance.now() - started) / 1000, 'ok');
    return value;
  } catch (error) {
    observe(operation, (performance.now() - started) / 1000, 'error');
    throw error;
  }
}
