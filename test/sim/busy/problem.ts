// Busy's error answers: RFC 7807 `application/problem+json`, body `{error{name, message, payload?}, trackingId}`.
// The error `name`s are our assumption [A]; the shape and the status codes are Busy's.
import type { z } from 'zod';
import { problemJson, type SimResponse } from '../faults.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    message: string,
    readonly payload?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  toResponse(): SimResponse {
    const r = problemJson(this.status, this.errorName, this.message, this.payload);
    Object.assign(r.headers, this.headers);
    return r;
  }
}

export const badRequest = (message: string, payload?: Record<string, unknown>) => new ApiError(400, 'ValidationError', message, payload);
export const unauthorized = (message = 'Missing or invalid credentials') => new ApiError(401, 'Unauthorized', message);
export const notFound = (what: string) => new ApiError(404, 'NotFound', `${what} not found`);
/** A token without the scope an operation needs. The message names no scope: the real one does not know to. */
export const forbidden = () => new ApiError(403, 'Forbidden', 'The API token does not give access to this operation');
export const conflict = (message: string, payload?: Record<string, unknown>) => new ApiError(409, 'Conflict', message, payload);
export const unprocessable = (message: string, payload?: Record<string, unknown>) =>
  new ApiError(422, 'UnprocessableEntity', message, payload);
export const methodNotAllowed = (method: string, allow: string[]) =>
  new ApiError(405, 'MethodNotAllowed', `Method ${method} is not allowed here`, { allow }, { allow: allow.join(', ') });

/** A zod failure as a 400 whose message names each offending field, AJV style (`body/name must …`). */
export function validationError(where: 'body' | 'querystring' | 'params', error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => {
    const path = [where, ...i.path.map(String)].join('/');
    if (i.code === 'unrecognized_keys') {
      return { path, message: `must NOT have additional properties: ${i.keys.join(', ')}`, keys: i.keys };
    }
    return { path, message: i.message };
  });
  return badRequest(issues.map((i) => `${i.path} ${i.message}`).join('; '), { issues });
}

/** Parses with a zod schema or throws the 400. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'querystring' | 'params' = 'body'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(where, r.error);
  return r.data;
}
