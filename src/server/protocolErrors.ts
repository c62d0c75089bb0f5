import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from './httpErrors';

/**
 * Answers for requests that fail before any route sees them, in the API's one error
 * shape. Node's HTTP parser rejects some (headers too large, a broken request line);
 * the router rejects others (a path whose percent-encoding does not decode).
 */

/** fastify's `clientErrorHandler`: the socket has no request object yet, so the reply is written raw. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body] = describeClientError(error.code);
  if (socket.writable) {
    const text = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}

function describeClientError(code: string | undefined): [number, ErrorBody] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, { error: { code: 'headers_too_large', message: 'The request headers are larger than this server accepts (16 KiB in all); send fewer or shorter headers.' } }];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, { error: { code: 'request_timeout', message: 'The request did not arrive completely in time; send it again.' } }];
    default:
      return [400, { error: { code: 'bad_request', message: 'The request is not valid HTTP/1.1 and could not be read.' } }];
  }
}

/** fastify's `frameworkErrors`: router failures that happen before routing (FST_ERR_BAD_URL and friends). */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody =
    error.code === 'FST_ERR_BAD_URL'
      ? { error: { code: 'invalid_request', message: 'The request path has malformed percent-encoding (e.g. a lone "%" or an invalid UTF-8 sequence); encode it with encodeURIComponent.' } }
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? { error: { code: 'invalid_request', message: 'A path parameter is longer than this server accepts.' } }
        : { error: { code: 'invalid_request', message: `The request to ${request.method} could not be routed (${error.code}).` } };
  void reply.code(error.code === 'FST_ERR_ASYNC_CONSTRAINT' ? 500 : 400).type('application/json; charset=utf-8').send(body);
}
