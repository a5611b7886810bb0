import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../errors';

/** Every error response has this body: a stable code, a sentence a person can act on, and optional details. */
export const ApiErrorBody = z.object({
  code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  details: z.unknown().optional(),
});

export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** One problem with one input field, as listed in `details.issues` of a VALIDATION_FAILED error. */
export interface FieldIssue {
  /** Where in the request: `body.lines.0.quantity`, `query.limit`, `params.memberId`. */
  path: string;
  message: string;
}
