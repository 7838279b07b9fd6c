import { data } from '@remix-run/node'

/**
 * Throws a response with `status` when `condition` is false. The message is an
 * i18n key the error boundary translates; no stack trace reaches the page.
 */
export function invariantResponse(condition: unknown, message: string, init: { status: number } = { status: 400 }): asserts condition {
  if (!condition) {
    throw data({ message }, init)
  }
}

export function notFound(message = 'error.notFound.text'): never {
  throw data({ message }, { status: 404 })
}
