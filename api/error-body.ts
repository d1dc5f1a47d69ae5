import Type, { type Static } from 'typebox';
import { anyObject } from './scalars.js';

/** Every error answer: a stable code (core/errors.ts), a message, and the offending values. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'stable error code (core/errors.ts)' }),
    message: Type.String(),
    details: Type.Optional(anyObject()),
  },
  { $id: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** The error responses every route documents (ErrorBody, registered under its $id). */
export const errorResponses = {
  '4xx': { $ref: 'Error#' },
  '5xx': { $ref: 'Error#' },
} as const;
