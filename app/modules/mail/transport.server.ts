import nodemailer, { type Transporter } from 'nodemailer'

/** An SMTP transport for `SMTP_URL` (smtp://user:pass@host:port or smtps://…). */
export function createSmtpTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
}
