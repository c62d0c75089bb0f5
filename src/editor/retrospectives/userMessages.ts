/**
 * A problem the user can fix, told in words meant for them: the command wrapper shows
 * its message as it is and logs no stack trace for it (see platform/errorReport.ts).
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}
