// The one shape a module's result takes when it can fail for a reason the
// caller shows (not found, not allowed yet, a list of problems in a file):
// ok with its value, or not with an error: a code the route maps to a
// translated message, or a structured value (problems with line numbers,
// field errors keyed by field) when one code is not enough. Modules never
// throw HTTP responses; the route decides what a failure looks like.
export type Result<T = undefined, E = string> = { ok: true; value: T } | { ok: false; error: E }

export function ok(): Result<undefined, never>
export function ok<T>(value: T): Result<T, never>
export function ok<T>(value?: T): Result<T | undefined, never> {
  return { ok: true, value }
}

export function fail<E>(error: E): Result<never, E> {
  return { ok: false, error }
}

/** A form's refusals by field name, each a list of message keys: the error of a Result a form shows beside its fields. */
export type FieldErrors = Record<string, string[]>
