import { notFound } from '#app/http/errors.ts'
import { ErrorPage } from '#app/components/error-page.tsx'

// Any path no route claims: a 404 in the reader's language.
export function loader(): never {
  notFound()
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <ErrorPage />
}
