import { createHmac } from 'node:crypto';
import type { Audience, Incident, TimelineEvent } from '../../core/incidents/model';
import type { StakeholderMessage } from './message';
import { titleFor } from './message';

/** Slack's mrkdwn treats &, < and > as control characters; everything else a person typed stays as typed. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * A Slack incoming-webhook body: Block Kit blocks plus `text`, the fallback that
 * notifications and screen readers use. Limits from Slack's reference: a header's
 * plain_text at most 150 characters, a section's text at most 3000.
 */
export function slackMessage(message: StakeholderMessage): Record<string, unknown> {
  const fields = message.facts.map((fact) => `*${slackEscape(fact.title)}:* ${slackEscape(fact.value)}`).join('\n');
  return {
    // The fallback text is read as mrkdwn too; the header is plain_text and shows what was typed.
    text: clip(slackEscape(`${message.kind}: ${message.headline}`), 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(message.headline, 150), emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*${slackEscape(message.kind)}*${fields === '' ? '' : `\n${fields}`}`, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`Incident Desk · ${message.at}`) }] },
    ],
  };
}

/**
 * A Teams workflow ("When a Teams webhook request is received") body: a message
 * activity with one Adaptive Card attachment. TextBlocks are plain here (no markdown
 * subset is relied on), FactSet carries the CAN fields.
 */
export function teamsMessage(message: StakeholderMessage): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: message.headline, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: message.kind, wrap: true },
            ...(message.facts.length === 0 ? [] : [{ type: 'FactSet', facts: message.facts }]),
            { type: 'TextBlock', text: `Incident Desk · ${message.at}`, isSubtle: true, size: 'Small', wrap: true },
          ],
        },
      },
    ],
  };
}

/** The generic webhook's JSON (Standard Webhooks shape: type, timestamp, data). Only what the channel's audience may read. */
export function webhookPayload(incident: Incident, event: TimelineEvent, audience: Audience): Record<string, unknown> {
  const data: Record<string, unknown> = {
    incident: { id: incident.id, title: titleFor(incident, audience), severity: incident.severity, status: incident.status },
    event: eventFields(event),
  };
  return { type: `incident.${event.type}`, timestamp: event.at, data };
}

function eventFields(event: TimelineEvent): Record<string, unknown> {
  const common = { id: event.id, type: event.type, at: event.at };
  switch (event.type) {
    case 'declared':
      return { ...common, severity: event.severity };
    case 'severity_changed':
      return { ...common, from: event.from, to: event.to };
    case 'status_update':
      return { ...common, audience: event.audience, conditions: event.conditions, actions: event.actions, needs: event.needs };
    default:
      return common;
  }
}

/**
 * Standard Webhooks signature headers: HMAC-SHA256 with the key bytes (the secret
 * after `whsec_`, base64-decoded) over `id.timestamp.body`, sent as `v1,<base64>`.
 * The id stays the same across retries, so a receiver drops a repeat by it.
 */
export function signedHeaders(id: string, timestampSeconds: number, body: string, key: Buffer): Record<string, string> {
  const signature = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}

/** The email's subject and plain-text body (no HTML: nothing a person typed can become markup). */
export function emailContent(message: StakeholderMessage): { subject: string; text: string } {
  const lines = [message.kind, '', ...message.facts.map((fact) => `${fact.title}: ${fact.value}`), '', `Incident Desk · ${message.at}`];
  return { subject: clip(`[${message.kind}] ${message.headline}`.replace(/[\r\n]+/g, ' '), 200), text: lines.join('\n') };
}
