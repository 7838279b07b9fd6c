import nodemailer, { type Transporter } from 'nodemailer'

/**
 * An SMTP transport for `SMTP_URL` (smtp://user:pass@host:port or smtps://…).
 * Pooled, the delivery loop's batches reuse one connection (a new one after
 * 100 messages, as providers close long sessions), instead of a TLS handshake
 * and login for every message.
 */
export function createSmtpTransport(smtpUrl: string, options: { pool?: boolean } = {}): Transporter {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }
  if (!options.pool) return nodemailer.createTransport({ url: smtpUrl, ...timeouts })
  return nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 1, maxMessages: 100, ...timeouts })
}
