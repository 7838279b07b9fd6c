import { useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'

/**
 * Keeps a background job's page current while the job runs: with JavaScript
 * the loader is revalidated every second; without it the page reloads itself.
 */
export function JobRefresh({ running }: { running: boolean }) {
  const revalidator = useRevalidator()
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 1000)
    return () => clearInterval(timer)
  }, [running, revalidator])
  return running ? (
    <noscript>
      <meta httpEquiv="refresh" content="1" />
    </noscript>
  ) : null
}
