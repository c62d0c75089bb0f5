import { openApiDocument, type JsonSchema } from './openapi';

/**
 * Turns one OpenAPI operation into the JSON schemas fastify validates requests
 * with, so validation is the contract rather than a copy of it.
 */

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json'?: { schema: JsonSchema } } };
}

export interface RouteSchema {
  body?: JsonSchema;
  querystring?: JsonSchema;
  params?: JsonSchema;
  headers?: JsonSchema;
}

const schemas: Record<string, JsonSchema> = openApiDocument.components.schemas;

/** The operation at `path` + `method`; throws when the document lacks it, which fails at start-up, not at request time. */
export function operation(method: HttpMethod, path: string): Operation {
  const item = (openApiDocument.paths as Record<string, Record<string, Operation> | undefined>)[path];
  const found = item?.[method];
  if (!found) throw new Error(`The OpenAPI document has no ${method.toUpperCase()} ${path}`);
  return found;
}

export function routeSchema(method: HttpMethod, path: string): RouteSchema {
  const op = operation(method, path);
  const result: RouteSchema = {};
  const body = op.requestBody?.content['application/json']?.schema;
  if (body) result.body = resolveRefs(body);
  const query = parametersIn(op, 'query');
  // Unknown query parameters are refused like unknown body fields.
  if (query) result.querystring = { ...query, additionalProperties: false };
  const params = parametersIn(op, 'path');
  if (params) result.params = params;
  // Headers stay open: clients and proxies send many this contract does not mention.
  const headers = parametersIn(op, 'header');
  if (headers) result.headers = headers;
  return result;
}

/** `/v1/incidents/{id}` → `/v1/incidents/:id`. */
export function fastifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

function parametersIn(op: Operation, location: Parameter['in']): JsonSchema | undefined {
  const parameters = (op.parameters ?? []).filter((p) => p.in === location);
  if (parameters.length === 0) return undefined;
  // HTTP header names are case-insensitive; fastify hands them over in lower case.
  const key = (p: Parameter): string => (location === 'header' ? p.name.toLowerCase() : p.name);
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [key(p), resolveRefs(p.schema)])),
    required: parameters.filter((p) => p.required).map(key),
  };
}

/** Inlines `#/components/schemas/...` references; the component schemas are acyclic. */
export function resolveRefs(schema: JsonSchema): JsonSchema {
  return inline(schema, []) as JsonSchema;
}

function inline(value: unknown, trail: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => inline(item, trail));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as JsonSchema;
  const reference = record.$ref;
  if (typeof reference === 'string') {
    const name = reference.replace('#/components/schemas/', '');
    const target = schemas[name];
    if (!target || trail.includes(name)) throw new Error(`Cannot inline schema reference ${reference}`);
    return inline(target, [...trail, name]);
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, inline(v, trail)]));
}
