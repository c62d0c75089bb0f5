import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { StoreError } from './store/store';

/** The one error body of the API: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** A refusal a route handler decides on; the error handler renders it. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorLogger {
  error(message: string): void;
}

export function sendError(reply: FastifyReply, statusCode: number, code: string, message: string): FastifyReply {
  const body: ErrorBody = { error: { code, message } };
  return reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

/** Every failure, ours or fastify's, leaves in the same shape with a message a person can act on. */
export function installErrorHandling(app: FastifyInstance, logger: ErrorLogger): void {
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, 404, 'not_found', `There is no route ${request.method} ${request.url.split('?')[0]}.`);
  });

  app.setErrorHandler((error: FastifyError | ApiError | StoreError | Error, request, reply) => {
    const { statusCode, code, message, retryAfterSeconds } = describe(error);
    if (retryAfterSeconds !== undefined) reply.header('Retry-After', String(retryAfterSeconds));
    if (statusCode >= 500) {
      // The request line only: headers (and so tokens) and bodies never reach the log.
      logger.error(`${request.method} ${request.url.split('?')[0]} failed: ${error.stack ?? error.message}`);
    }
    sendError(reply, statusCode, code, message);
  });
}

/**
 * How long a client should wait before sending a refused-as-busy write again: about
 * one busy budget, by which time an ordinary lock holder has committed.
 */
export const BUSY_RETRY_AFTER_SECONDS = 2;

function describe(error: Error): { statusCode: number; code: string; message: string; retryAfterSeconds?: number } {
  if (error instanceof ApiError) return { statusCode: error.statusCode, code: error.code, message: error.message };
  if (error instanceof StoreError) {
    switch (error.kind) {
      case 'not_found':
        return { statusCode: 404, code: 'not_found', message: error.message };
      case 'version_conflict':
        return { statusCode: 412, code: 'version_conflict', message: error.message };
      case 'idempotency_mismatch':
        return { statusCode: 422, code: 'idempotency_key_reused', message: error.message };
      case 'busy':
        return { statusCode: 503, code: 'store_busy', message: error.message, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS };
    }
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return { statusCode: 400, code: 'invalid_request', message: validationMessage(fastifyError) };
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { statusCode: 413, code: 'payload_too_large', message: 'The request body is larger than the 64 KiB limit.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { statusCode: 415, code: 'unsupported_media_type', message: 'Send the request body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { statusCode: 400, code: 'invalid_json', message: 'The request body is empty; send a JSON object.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { statusCode: 400, code: 'invalid_json', message: `The request body is not valid JSON (${fastifyError.message}).` };
    default:
      break;
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return { statusCode: 400, code: 'invalid_json', message: `The request body is not valid JSON (${error.message}).` };
  }
  const statusCode = fastifyError.statusCode ?? 500;
  if (statusCode >= 400 && statusCode < 500) {
    return { statusCode, code: 'invalid_request', message: error.message };
  }
  return { statusCode: 500, code: 'internal', message: 'The server failed to handle this request; it has been logged.' };
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `body.severity must be <= 4`, `body has an unknown field 'colour'`, ... from the first schema violation. */
function validationMessage(error: FastifyError): string {
  const issue = (error.validation as ValidationIssue[] | undefined)?.[0];
  if (!issue) return error.message;
  const where = [error.validationContext ?? 'request', ...issue.instancePath.split('/').filter(Boolean)].join('.');
  switch (issue.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown field '${String(issue.params.additionalProperty)}'.`;
    case 'required':
      return `${where} is missing the required field '${String(issue.params.missingProperty)}'.`;
    case 'enum':
      return `${where} must be one of: ${(issue.params.allowedValues as unknown[]).map(String).join(', ')}.`;
    case 'const':
      return `${where} must be '${String(issue.params.allowedValue)}'.`;
    case 'discriminator':
      return `${where}.type must be one of: check_in, note, status_update, runbook_step.`;
    default:
      return `${where} ${issue.message ?? 'is invalid'}.`;
  }
}
