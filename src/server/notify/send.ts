import { createTransport, type Transporter } from 'nodemailer';
import type { ClaimedDelivery } from '../store/store';
import { emailContent, signedHeaders, slackMessage, teamsMessage, webhookPayload } from './formats';
import { stakeholderMessage } from './message';
import type { ResolvedChannel } from './types';

/** How one attempt ended. `retryAfterMs` is the receiver's Retry-After, when it sent one. */
export type SendResult =
  | { kind: 'delivered' }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'dead'; error: string };

const SERVICE_NAMES = { slack: 'Slack', teams: 'Teams', webhook: 'the webhook', email: 'the mail server' } as const;

/** Sends one delivery. Never throws; never puts a URL in an error (webhook URLs are secrets). */
export async function send(channel: ResolvedChannel, delivery: ClaimedDelivery, timeoutMs: number, mailers: Mailers): Promise<SendResult> {
  const transport = channel.transport;
  const message = stakeholderMessage(delivery.incident, delivery.event, channel.audience);
  const service = SERVICE_NAMES[transport.type];
  try {
    switch (transport.type) {
      case 'slack':
        return await post(transport.webhookUrl, JSON.stringify(slackMessage(message)), {}, timeoutMs, service);
      case 'teams':
        return await post(transport.webhookUrl, JSON.stringify(teamsMessage(message)), {}, timeoutMs, service);
      case 'webhook': {
        const body = JSON.stringify(webhookPayload(delivery.incident, delivery.event, channel.audience));
        const headers = signedHeaders(`msg_${delivery.id}`, Math.floor(Date.now() / 1000), body, transport.secret);
        return await post(transport.url, body, headers, timeoutMs, service);
      }
      case 'email': {
        const content = emailContent(message);
        await mailers.for(channel).sendMail({
          from: transport.from,
          to: transport.to,
          subject: content.subject,
          text: content.text,
          // The same id on every attempt, so a mail system that keeps ids can drop a repeat.
          messageId: `<${delivery.id}@incident-desk>`,
        });
        return { kind: 'delivered' };
      }
    }
  } catch (error) {
    return { kind: 'retry', error: `no answer from ${service}: ${describe(error)}` };
  }
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, service: string): Promise<SendResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'incident-desk', ...headers },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  // The body is not needed; reading it frees the connection.
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return { kind: 'delivered' };
  const error = `${response.status} from ${service}`;
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return retryAfterMs === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs };
  }
  // Any other 4xx (a deleted channel, a revoked URL, a refused payload) will not get better by itself.
  return { kind: 'dead', error };
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if (error.name === 'TimeoutError') return 'timed out';
    return cause ?? (error as { code?: string }).code ?? error.name;
  }
  return 'failed';
}

/** One SMTP transport per email channel, kept for the server's life. */
export class Mailers {
  private readonly transports = new Map<string, Transporter>();

  constructor(private readonly timeoutMs: number) {}

  for(channel: ResolvedChannel): Transporter {
    const transport = channel.transport;
    if (transport.type !== 'email') throw new Error(`internal: ${channel.name} is not an email channel`);
    let mailer = this.transports.get(channel.name);
    if (!mailer) {
      mailer = createTransport({
        host: transport.smtp.host,
        port: transport.smtp.port,
        secure: transport.smtp.secure,
        ...(transport.smtp.user === undefined ? {} : { auth: { user: transport.smtp.user, pass: transport.smtp.password ?? '' } }),
        connectionTimeout: this.timeoutMs,
        greetingTimeout: this.timeoutMs,
        socketTimeout: this.timeoutMs,
        logger: false,
      });
      this.transports.set(channel.name, mailer);
    }
    return mailer;
  }

  close(): void {
    for (const mailer of this.transports.values()) mailer.close();
    this.transports.clear();
  }
}
