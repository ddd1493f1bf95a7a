// Store errors. They extend AppError so the UI can show them (code + i18n key + substitutions);
// none of them carries record contents, only the store name, the key and what was wrong.
import { AppError, formatPath } from '../core/errors';
import type { z } from 'zod';

/** A record read back from the store does not fit its schema (hand-edited file, bug in an
 * older version, disk damage). Names the store and the key so it can be found and removed. */
export class StoreCorruptError extends AppError {
  readonly code = 'store_corrupt';
  readonly messageKey = 'errStoreCorrupt';
  readonly substitutions: string[];
  constructor(
    readonly store: string,
    readonly key: string,
    readonly detail: string,
  ) {
    super(`sync state: corrupt record in "${store}" at key ${key}: ${detail}`);
    this.name = 'StoreCorruptError';
    this.substitutions = [store, key];
  }
}

/** The engine tried to write a record that does not fit its schema. Nothing of that call
 * (put / putMany / commit) was written. A bug, not a user problem. */
export class StoreInvalidRecordError extends AppError {
  readonly code = 'store_invalid_record';
  readonly messageKey = 'errUnexpected';
  readonly substitutions: string[] = [];
  constructor(
    readonly store: string,
    readonly key: string,
    readonly detail: string,
  ) {
    super(`sync state: refusing to write an invalid record to "${store}" at key ${key}: ${detail}`);
    this.name = 'StoreInvalidRecordError';
  }
}

/** A link would make a 24SO id belong to two Busy ids of the same kind (links are one-to-one).
 * Nothing of that call was written. */
export class StoreConflictError extends AppError {
  readonly code = 'store_conflict';
  readonly messageKey = 'errUnexpected';
  readonly substitutions: string[] = [];
  constructor(
    readonly store: string,
    readonly key: string,
    readonly detail: string,
  ) {
    super(`sync state: conflict in "${store}" at key ${key}: ${detail}`);
    this.name = 'StoreConflictError';
  }
}

/** The database / state directory has a version or layout this code cannot use (made by a newer
 * version, or not ours). Substitution: what was found. */
export class StoreSchemaError extends AppError {
  readonly code = 'store_schema';
  readonly messageKey = 'errStoreSchema';
  readonly substitutions: string[];
  constructor(
    readonly location: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`sync state ${location}: ${detail}`, options);
    this.name = 'StoreSchemaError';
    this.substitutions = [location];
  }
}

/** i18n keys these errors use; the `_locales` files must define them. */
export const STORE_ERROR_MESSAGE_KEYS = ['errStoreCorrupt', 'errStoreSchema'] as const;

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${formatPath(i.path) || '(record)'}: ${i.message}`)
    .join('; ');
}
