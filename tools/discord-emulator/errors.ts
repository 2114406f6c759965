import { LadderError } from '../../src/errors.js';

/** Codes for misuse of the emulator itself (by a test or a load script). */
export type EmulatorErrorCode =
  | 'unknown_command'
  | 'unknown_actor'
  | 'no_modal'
  | 'no_component'
  | 'wait_timeout'
  | 'not_listening';

/** A test or script asked the emulator for something impossible; says what and why. */
export class EmulatorError extends LadderError<EmulatorErrorCode> {}

/** Extra detail for `invalid form body` answers: field path → message. */
export type FormErrors = Record<string, string>;

/**
 * An answer in Discord's error shape, thrown by route handlers and turned into a response by
 * the server: `{code, message, errors?}` with the HTTP status.
 */
export class ApiError extends LadderError<'api_error'> {
  constructor(
    readonly status: number,
    readonly apiCode: number,
    message: string,
    readonly formErrors?: FormErrors,
  ) {
    super('api_error', message);
  }

  /** The JSON body Discord would send. */
  body(): Record<string, unknown> {
    const body: Record<string, unknown> = { code: this.apiCode, message: this.message };
    if (this.formErrors) {
      const errors: Record<string, unknown> = {};
      for (const [path, text] of Object.entries(this.formErrors)) {
        errors[path] = { _errors: [{ code: 'BASE_TYPE_INVALID', message: text }] };
      }
      body.errors = errors;
    }
    return body;
  }
}

/** Discord's common errors, by name, so handlers read like the docs. */
export const apiErrors = {
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownRole: () => new ApiError(404, 10011, 'Unknown Role'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  maxRoles: () => new ApiError(400, 30005, 'Maximum number of guild roles reached (250)'),
  maxChannels: () => new ApiError(400, 30013, 'Maximum number of guild channels reached (500)'),
  maxCommandCreates: () =>
    new ApiError(400, 30034, 'Max number of daily application command creates has been reached'),
  tooLarge: () => new ApiError(413, 40005, 'Request entity too large'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  notAuthor: () => new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  cannotMessageUser: () => new ApiError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  bulkDeleteCount: () =>
    new ApiError(400, 50016, 'Provided too few or too many messages to delete.'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token'),
  messageTooOld: () =>
    new ApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.'),
  invalidForm: (errors: FormErrors) => new ApiError(400, 50035, 'Invalid Form Body', errors),
  fileTooLarge: () => new ApiError(400, 50045, 'File uploaded exceeds the maximum size'),
  invalidJson: () => new ApiError(400, 50109, 'The request body contains invalid JSON.'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed'),
} as const;

/** A 429 decided inside a handler (a sublimit such as channel renames), with its wait. */
export class RateLimitedError extends LadderError<'rate_limited'> {
  constructor(readonly retryAfterS: number) {
    super('rate_limited', 'You are being rate limited.');
  }
}
