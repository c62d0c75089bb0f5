import type { FastifyRequest } from 'fastify';
import type { Actor } from '../incidentChanges';
import { ApiError } from '../httpErrors';
import { identityOf } from './authenticate';

/** What a request body may say about who acts. */
export interface ClaimedAttribution {
  author?: string;
  onBehalfOf?: string;
}

/**
 * Who a write is recorded under: always the token's name. A body `author` is
 * accepted only when it says the same (older clients send one); anything else would
 * let any client write any name on the timeline. Only integration tokens (alert
 * receivers, bots) may say on whose behalf they act.
 */
export function actorFor(request: FastifyRequest, claimed: ClaimedAttribution): Actor {
  const identity = identityOf(request);
  if (claimed.author !== undefined && claimed.author !== identity.name) {
    throw new ApiError(
      400,
      'author_mismatch',
      `The body says author '${claimed.author}', but this token belongs to '${identity.name}'. The server records who acted from the token: leave author out.`,
    );
  }
  if (claimed.onBehalfOf === undefined) return { author: identity.name };
  if (identity.scope !== 'integration') {
    throw new ApiError(403, 'forbidden', `Only integration tokens may act on behalf of someone; '${identity.name}' is a ${identity.scope} token.`);
  }
  return { author: identity.name, onBehalfOf: claimed.onBehalfOf };
}
