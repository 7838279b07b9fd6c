import { createContext, useContext, useState } from 'react'

// The id of a request that failed on the server, for its error page: the one
// in the server's log line, so that a teacher can quote it to support. The
// server provides it only when the response is a server error, so ordinary
// pages carry no per-request value; in the browser the error page reads it
// back from the element the server rendered it into.
export const RequestIdContext = createContext<string | null>(null)

export function useFailedRequestId(): string | null {
  const fromServer = useContext(RequestIdContext)
  const [id] = useState(
    () => fromServer ?? (typeof document === 'undefined' ? null : (document.querySelector('[data-request-id]')?.getAttribute('data-request-id') ?? null)),
  )
  return id
}
