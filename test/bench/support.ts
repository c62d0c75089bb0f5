/**
 * Shared by the server benchmarks (server.bench.ts, replicas.bench.ts): servers as
 * child processes, note POSTs, SSE subscribers that timestamp arrivals, latency rows
 * and the table they print. Figures only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { percentile } from './figures';

export interface Child {
  process: ChildProcess;
  url: string;
}

/** `node ARGS…` until it prints `listening on http://…` (the CLI's `serve` and the floor servers both do). */
export function startChild(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Child> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no ready line from ${args.join(' ')}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  await exited;
}

/** POST `body` as JSON; resolves on 201, rejects on any other status. No agent: Node's global one. */
export function post(url: string, token: string, body: unknown, agent?: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

export interface Subscriber {
  request: http.ClientRequest;
  /** When each note whose text starts with the prefix arrived, by text. */
  arrivals: Map<string, number>;
}

/** An SSE stream that records when each note event with text starting `prefix` arrives. */
export function subscribe(url: string, token: string, agent: http.Agent, prefix: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const arrivals = new Map<string, number>();
    const request = http.get(url, { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const text = (JSON.parse(data.slice(6)) as { event?: { text?: string } }).event?.text;
          if (text?.startsWith(prefix)) arrivals.set(text, now);
        }
      });
      response.on('error', () => {});
      resolve({ request, arrivals });
    });
    request.on('error', reject);
  });
}

export interface Latencies {
  n: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

/** The figures every latency row reports, rounded to 0.01 ms. */
export function latencies(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { n: samples.length, p50_ms: round(percentile(sorted, 50)), p99_ms: round(percentile(sorted, 99)), max_ms: round(sorted[sorted.length - 1] ?? NaN) };
}

/** Columns padded to their widest cell, under a header and a rule. */
export function table(header: string[], cells: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]): string => c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
