/**
 * The logger the GitHub code writes to. The editor passes its output channel, the
 * command line stderr. Whatever it is, secrets are cut out before a line reaches it.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Collects the secrets of one operation (the token, its base64 header form) so every
 * message and error text can be scrubbed of them — defence in depth: nothing is meant
 * to print a token in the first place.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    if (secret.length < 4) return;
    this.secrets.add(secret);
    this.secrets.add(Buffer.from(`x-access-token:${secret}`).toString('base64'));
    this.secrets.add(encodeURIComponent(secret));
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  logger(inner: Logger): Logger {
    return {
      debug: (m) => inner.debug(this.redact(m)),
      info: (m) => inner.info(this.redact(m)),
      warn: (m) => inner.warn(this.redact(m)),
      error: (m) => inner.error(this.redact(m)),
    };
  }
}
