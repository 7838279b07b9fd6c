// npm run certificate:verify -- <file.pdf | token | verification URL> [--key <public-key.pem | URL>]
// Checks a certificate with no database: the Ed25519 signature of its token
// against the institute's public key, and, for a PDF, that the document is
// exactly the one its signed facts render to. Exit code 0 when genuine.
import fs from 'node:fs'
import { readCertificateMetadata, renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { factsDigest, verifyToken } from '#app/modules/certificates/signing.server.ts'

const args = process.argv.slice(2)
const keyAt = args.indexOf('--key')
const keySource = keyAt >= 0 ? args[keyAt + 1] : process.env.ORKEN_PUBLIC_KEY ?? 'http://localhost:3000/certificates/public-key.pem'
const input = args.find((a, i) => !a.startsWith('--') && i !== keyAt + 1)

function fail(message: string): never {
  console.error(`NOT GENUINE: ${message}`)
  process.exit(1)
}

if (!input || !keySource) {
  console.error('usage: npm run certificate:verify -- <file.pdf | token | URL> [--key <public-key.pem | URL>]')
  process.exit(2)
}

const publicKey = /^https?:\/\//.test(keySource) ? await fetch(keySource).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${keySource}: HTTP ${r.status}`)))) : fs.readFileSync(keySource, 'utf8')

let token: string
let pdfCheck: (() => Promise<void>) | null = null
if (input.toLowerCase().endsWith('.pdf')) {
  const bytes = new Uint8Array(fs.readFileSync(input))
  const meta = await readCertificateMetadata(bytes).catch(() => ({ token: null, facts: null }))
  if (!meta.token || !meta.facts) fail('the PDF carries no Өркен certificate data')
  const qrText = meta.token
  token = new URL(qrText).searchParams.get('t') ?? fail('the PDF carries no signed token')
  const facts = meta.facts
  pdfCheck = async () => {
    const check = verifyToken(token, publicKey)
    if (check.valid && check.payload.d !== factsDigest(facts)) fail('the facts in the PDF differ from the signed ones')
    const again = await renderCertificatePdf(facts, qrText)
    if (Buffer.compare(Buffer.from(again), Buffer.from(bytes)) !== 0) fail('the PDF was altered after it was issued')
  }
} else {
  // Whitespace around a pasted token is the shell's or the clipboard's, not the token's.
  token = input.includes('?t=') ? (new URL(input).searchParams.get('t') ?? '') : input.trim()
}

const check = verifyToken(token, publicKey)
if (!check.valid) fail(check.reason === 'malformed' ? 'this is not an Өркен certificate token' : 'the signature does not match the institute’s key')
await pdfCheck?.()
const p = check.payload
console.log(`GENUINE ${p.k === 'certificate' ? 'certificate' : 'attendance statement'} ${p.n}`)
console.log(`  holder:  ${p.h}`)
console.log(`  course:  ${p.t} (${p.hrs} academic hours)`)
console.log(`  studied: ${p.f} – ${p.to}; issued ${p.i}${p.r > 1 ? `, revision ${p.r}` : ''}`)
console.log(`  code:    ${p.c} — whether it has since been revoked is only known online, at /verify/${p.c}`)
