/**
 * JSON text that is the same for equal values whatever the key order: object keys
 * sorted (recursively), arrays kept in order since their order means something.
 * Two clients (or one client's retries through different serialisers) that send the
 * same body must produce the same idempotency fingerprint.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortKeys(record[key])]),
  );
}
