import type { FastifyRequest } from 'fastify';
import { operation, type HttpMethod } from './routeSchemas';

/**
 * Query strings are text, and the validator never coerces (a JSON body's "1" must
 * stay an error). So the query parameters the contract documents as integers are
 * turned into numbers just before validation, and only when they are plain decimal
 * digits; anything else reaches the validator as text and is refused as "must be
 * integer", while minimum/maximum come from the document like every other rule.
 */
export function integerQueryParameters(method: HttpMethod, path: string): (request: FastifyRequest) => Promise<void> {
  const names = (operation(method, path).parameters ?? [])
    .filter((parameter) => parameter.in === 'query' && parameter.schema.type === 'integer')
    .map((parameter) => parameter.name);
  return async (request) => {
    const query = request.query as Record<string, unknown>;
    for (const name of names) {
      const value = query[name];
      if (typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value)) query[name] = Number(value);
    }
  };
}
