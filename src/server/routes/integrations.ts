import type { FastifyInstance, FastifyRequest } from 'fastify';
import { identityOf } from '../auth/authenticate';
import type { ChangeFeed } from '../changeFeed';
import { ApiError } from '../httpErrors';
import { decodeAlertmanagerPayload, type AlertmanagerPayload } from '../integrations/alertmanagerPayload';
import type { AlertNotification, AlertPolicy, AlertReceipt } from '../integrations/alertNotification';
import { decodeGenericPayload, type GenericAlertPayload } from '../integrations/genericPayload';
import { routeSchema } from '../routeSchemas';
import type { Store } from '../store/store';

/**
 * A monitor's notification carries every alert of its group; with labels and
 * annotations, Alertmanager's default max_alerts (0: all) makes bodies far larger
 * than the API's 64 KiB.
 */
export const RECEIVER_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The alert receivers: Alertmanager, Grafana and the generic webhook. Each decodes
 * its body into one AlertNotification and hands it to the store, which applies it in
 * one transaction; the answer goes out after the commit, so a monitor that got a 2xx
 * never has to send the notification again.
 */
export function registerIntegrationRoutes(app: FastifyInstance, store: Store, feed: ChangeFeed, policy: AlertPolicy): void {
  const receive = async (request: FastifyRequest, notification: AlertNotification): Promise<AlertReceipt> => {
    const receipt = await store.receiveAlerts(notification, { author: identityOf(request).name, policy });
    if (receipt.outcome === 'declared' || receipt.outcome === 'updated') feed.poke();
    return receipt;
  };
  const options = (path: string) => ({ schema: routeSchema('post', path), bodyLimit: RECEIVER_BODY_LIMIT_BYTES, preValidation: requireIntegration });

  app.post<{ Body: AlertmanagerPayload }>('/v1/integrations/alertmanager', options('/v1/integrations/alertmanager'), (request) =>
    receive(request, decodeAlertmanagerPayload(request.body, 'alertmanager', new Date().toISOString())),
  );
  app.post<{ Body: AlertmanagerPayload }>('/v1/integrations/grafana', options('/v1/integrations/grafana'), (request) =>
    receive(request, decodeAlertmanagerPayload(request.body, 'grafana', new Date().toISOString())),
  );
  app.post<{ Body: GenericAlertPayload }>('/v1/integrations/webhook', options('/v1/integrations/webhook'), (request) =>
    receive(request, decodeGenericPayload(request.body, new Date().toISOString())),
  );
}

/** Monitors write with integration tokens only: a responder's token in Alertmanager's config would put a person's name on every alert. */
async function requireIntegration(request: FastifyRequest): Promise<void> {
  const identity = identityOf(request);
  if (identity.scope !== 'integration') {
    throw new ApiError(
      403,
      'forbidden',
      `Alert receivers need an integration token; '${identity.name}' is a ${identity.scope} token. ` +
        'Create one with `incident-desk token create --name alertmanager --scope integration --data DIR`.',
    );
  }
}
