// A real SMTP server on loopback for the mail tests, and a reader of the raw
// messages it receives (headers and encoded body) without a MIME library.
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'

export interface TestSmtp {
  port: number
  /** Raw messages as received (headers and encoded body). */
  messages: string[]
  /** RCPT TO commands seen, accepted or not. */
  recipients: string[]
  /** Connections opened by clients. */
  connections: () => number
  close(): Promise<void>
}

const open = new Set<TestSmtp>()

export function startSmtp(options: { port?: number; rejectRcpt?: number | ((address: string) => number | null) } = {}): Promise<TestSmtp> {
  const messages: string[] = []
  const recipients: string[] = []
  let connections = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onConnect(_session, callback) {
      connections++
      callback()
    },
    onRcptTo(address, _session, callback) {
      recipients.push(address.address)
      const code = typeof options.rejectRcpt === 'function' ? options.rejectRcpt(address.address) : options.rejectRcpt
      if (code) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: code }))
      callback()
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'))
        callback()
      })
    },
  })
  // A client hanging up mid-session is not a test failure; an unhandled 'error' would be.
  server.on('error', () => {})
  return new Promise((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const smtp: TestSmtp = {
        port: (server.server.address() as AddressInfo).port,
        messages,
        recipients,
        connections: () => connections,
        close: () => {
          open.delete(smtp)
          return new Promise<void>((done) => server.close(() => done()))
        },
      }
      open.add(smtp)
      resolve(smtp)
    })
  })
}

export async function closeAll() {
  await Promise.all([...open].map((s) => s.close()))
}

export function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ')
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body: raw.slice(at + 4) }
}

function decodeQuotedPrintable(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = []
  const input = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16))
      i += 2
    } else if (c === '_' && underscoreIsSpace) {
      bytes.push(0x20)
    } else {
      bytes.push(...Buffer.from(c, 'utf8'))
    }
  }
  return Buffer.from(bytes)
}

/** Decodes RFC 2047 encoded words (UTF-8, B or Q), joining adjacent words' bytes. */
export function decodeHeader(value: string): string {
  const word = /=\?utf-8\?([bq])\?([^?]*)\?=/gi
  const joined = value.replace(/\?=\s+=\?/g, '?==?')
  let out = ''
  let pending: Buffer[] = []
  let last = 0
  for (const m of joined.matchAll(word)) {
    const between = joined.slice(last, m.index)
    if (between) {
      out += Buffer.concat(pending).toString('utf8') + between
      pending = []
    }
    pending.push(m[1]!.toLowerCase() === 'b' ? Buffer.from(m[2]!, 'base64') : decodeQuotedPrintable(m[2]!, true))
    last = m.index + m[0].length
  }
  return out + Buffer.concat(pending).toString('utf8') + joined.slice(last)
}

export function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body, false).toString('utf8')
  return body
}
