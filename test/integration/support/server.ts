/** Talks to the real incident server the harness started (outside VS Code). */
export const serverUrl = (): string => required('INCIDENT_DESK_TEST_SERVER_URL');
export const serverToken = (): string => required('INCIDENT_DESK_TEST_SERVER_TOKEN');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through test/harness/run-integration.mjs`);
  return value;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${serverUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${serverToken()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Stops or starts the incident server through the harness's control endpoint. */
export async function controlServer(action: 'stop' | 'start'): Promise<void> {
  const response = await fetch(`${required('INCIDENT_DESK_TEST_CONTROL_URL')}/server/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`server ${action} failed: ${await response.text()}`);
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what`. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
