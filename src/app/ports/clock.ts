/** Now, as a port: a retrospective's window and "now" in tests must be the same instant. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
