/** The built server the browser tests run against. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100)
/** A real SMTP server listens here while the monitoring test runs. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2599)
