/**
 * The one error type the submit flow rejects with. Its message is written for the person
 * who submitted: what happened, what was kept, what to do. It never carries a token.
 */
export type SubmitErrorKind =
  | 'invalid_file' // the retrospective cannot be read (diagnostics in the message)
  | 'not_a_repository'
  | 'no_remote' // no usable remote, or not a GitHub one
  | 'git' // a local git command failed
  | 'push_rejected' // the remote refused the branch (permission, protection, non-fast-forward)
  | 'unauthorized' // 401, or no token
  | 'forbidden' // 403 that is not a rate limit
  | 'not_found'
  | 'rate_limited'
  | 'validation' // 422 we could not resolve
  | 'network'
  | 'server';

export class SubmitError extends Error {
  override name = 'SubmitError';

  constructor(
    readonly kind: SubmitErrorKind,
    message: string,
    /** What the submit had done before it stopped, so the caller can show it. */
    readonly partial?: { commits: string[]; prUrl?: string; createdIssues: number[] },
  ) {
    super(message);
  }
}
