import * as http from 'node:http';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request on a connection of its own (no keep-alive pool to hide a server that
 * went away); undefined when the connection died (a killed replica).
 */
export function call(url: string, token: string, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply | undefined> {
  return new Promise((resolve) => {
    const request = http.request(
      url + pathname,
      {
        method,
        agent: false,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        response.on('error', () => resolve(undefined));
      },
    );
    request.on('error', () => resolve(undefined));
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
