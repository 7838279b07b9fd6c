// npm run certificate:verify -- <file.pdf | token | verification URL> [--key <public-key.pem | URL>] [--origin <https://site>]
// Checks a certificate with no database: the Ed25519 signature of its token
// against the institute's public key; for a PDF, that the document is exactly
// the one its signed facts render to; and for a PDF or an address, that it
// leads to this certificate's page on the institute's site (PUBLIC_ORIGIN, or
// --origin). The signature covers the facts, not the QR code, so a genuine
// certificate re-made with a QR code for another site would otherwise pass.
// A PDF marked revoked is checked with its mark (the mark is part of what it
// must render to) and reported revoked. The QR code on a PDF carries only the
// address, which is checked online by opening it; the signed token is in the
// PDF's metadata. Exit code 0 when genuine, 3 when genuine but revoked, 1 when
// not genuine, 2 when it cannot be checked here.
// Whether a document whose PDF carries no mark has been revoked since is only
// known online, at the address its QR code carries.
import fs from 'node:fs'
import { originFromSettings, PublicOriginSchema } from '#app/core/public-origin.server.ts'
import { CERTIFICATE_PDF_VERSION, readCertificateMetadata, renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { factsDigest, verifyToken } from '#app/modules/certificates/signing.server.ts'
import type { Revocation } from '#app/modules/certificates/facts.ts'
import type { TokenPayload } from '#app/modules/certificates/token.ts'

const args = process.argv.slice(2)
const valueOf = (flag: string) => (args.includes(flag) ? (args[args.indexOf(flag) + 1] ?? '') : undefined)
const flagValues = new Set(['--key', '--origin'].map((f) => args.indexOf(f) + 1).filter((i) => i > 0))
const input = args.find((a, i) => !a.startsWith('--') && !flagValues.has(i))

function usage(problem?: string): never {
  if (problem) console.error(problem)
  console.error('usage: npm run certificate:verify -- <file.pdf | token | URL> [--key <public-key.pem | URL>] [--origin <https://site>]')
  process.exit(2)
}

function fail(message: string): never {
  console.error(`NOT GENUINE: ${message}`)
  process.exit(1)
}

/** The site a certificate must lead to: --origin, else the configured PUBLIC_ORIGIN. */
function expectedOrigin(): string {
  const flag = valueOf('--origin')
  if (flag === undefined) {
    const configured = originFromSettings(process.env)
    return configured.ok ? configured.origin : usage(configured.message)
  }
  const parsed = PublicOriginSchema.safeParse(flag)
  return parsed.success ? parsed.data : usage(`--origin: ${parsed.error.issues[0]!.message}`)
}

const origin = expectedOrigin()
const keySource = valueOf('--key') ?? process.env.ORKEN_PUBLIC_KEY ?? `${origin}/certificates/public-key.pem`
if (!input || !keySource) usage()

const publicKey = /^https?:\/\//.test(keySource)
  ? await fetch(keySource).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${keySource}: HTTP ${r.status}`))))
  : fs.readFileSync(keySource, 'utf8')

/** Once the signature holds: the address must be this certificate's page on the expected site. */
function checkAddress(address: URL, payload: TokenPayload, what: string) {
  // Shown without its token: where a reader of the code would be taken.
  const shown = `${address.origin}${address.pathname}`
  if (address.origin !== origin) fail(`signature genuine, but ${what} points to ${shown}, not ${origin}`)
  const page = `/verify/${payload.c}`
  if (address.pathname !== page) fail(`signature genuine, but ${what} points to ${shown}, not ${origin}${page}`)
}

let token: string
// The revocation a PDF is marked with.
let revoked: Revocation | null = null
// What else must hold once the signature does.
let afterSignature = async (_payload: TokenPayload): Promise<void> => {}
if (input.toLowerCase().endsWith('.pdf')) {
  const bytes = new Uint8Array(fs.readFileSync(input))
  const meta = await readCertificateMetadata(bytes).catch(() => ({ token: null, facts: null, renderer: null, revoked: null }))
  if (!meta.token || !meta.facts) fail('the PDF carries no Өркен certificate data')
  // Only this version's bytes can be made again here; an older PDF is downloaded anew (same facts, same signature).
  if (meta.renderer !== CERTIFICATE_PDF_VERSION) {
    fail(
      `the PDF was made by version ${meta.renderer} of the certificate renderer, this check knows version ${CERTIFICATE_PDF_VERSION}: download the certificate again and check that file`,
    )
  }
  const qrText = meta.token
  const facts = meta.facts
  revoked = meta.revoked
  const qr = URL.canParse(qrText) ? new URL(qrText) : fail('the PDF carries no verification address')
  token = qr.searchParams.get('t') ?? fail('the PDF carries no signed token')
  afterSignature = async (payload) => {
    if (payload.d !== factsDigest(facts)) fail('the facts in the PDF differ from the signed ones')
    const again = await renderCertificatePdf(facts, qrText, revoked)
    if (Buffer.compare(Buffer.from(again), Buffer.from(bytes)) !== 0) fail('the PDF was altered after it was issued')
    checkAddress(qr, payload, 'its QR code')
  }
} else if (URL.canParse(input)) {
  // A verification address, as a phone reads it from the QR code.
  const address = new URL(input)
  const signed = address.searchParams.get('t')
  if (!signed) {
    console.error(`This address carries no signed token: open ${address.origin}${address.pathname} to check the certificate online, or check its PDF file.`)
    process.exit(2)
  }
  token = signed
  afterSignature = async (payload) => checkAddress(address, payload, 'the address')
} else {
  // Whitespace around a pasted token is the shell's or the clipboard's, not the token's.
  token = input.trim()
}

const check = verifyToken(token, publicKey)
if (!check.valid) fail(check.reason === 'malformed' ? 'this is not an Өркен certificate token' : 'the signature does not match the institute’s key')
const p = check.payload
await afterSignature(p)
const kind = p.k === 'certificate' ? 'certificate' : 'attendance statement'
console.log(revoked ? `REVOKED ${kind} ${p.n}: issued genuinely, revoked on ${revoked.date}` : `GENUINE ${kind} ${p.n}`)
console.log(`  holder:  ${p.h}`)
console.log(`  course:  ${p.t} (${p.hrs} academic hours)`)
console.log(`  studied: ${p.f} – ${p.to}; issued ${p.i}${p.r > 1 ? `, revision ${p.r}` : ''}`)
if (revoked) {
  console.log(`  code:    ${p.c} — revoked on ${revoked.date}, no longer valid: ${origin}/verify/${p.c}`)
  process.exit(3)
}
console.log(`  code:    ${p.c} — whether it has since been revoked is only known online, at ${origin}/verify/${p.c}`)
