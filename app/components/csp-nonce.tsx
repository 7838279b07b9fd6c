import { createContext, useContext } from 'react'

// The Content-Security-Policy nonce of the page being rendered on the server
// (server/security-headers.ts). Only entry.server provides it: in the browser
// the value is undefined, since the inline scripts it marks have already run
// and browsers hide a nonce from the DOM anyway.
const NonceContext = createContext<string | undefined>(undefined)

export const NonceProvider = NonceContext.Provider

export function useNonce(): string | undefined {
  return useContext(NonceContext)
}
