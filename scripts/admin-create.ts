// npm run admin:create [-- --email <address>] [--name "<full name>"] [--promote]
// — makes an administrator account from the server's console, the only way
// one is made: the site itself never offers it. Asks for what the arguments
// leave out. The password comes from a hidden prompt typed twice on a
// terminal, or from the first line of stdin when piped
// (`printf '%s\n' "$PASS" | npm run admin:create -- --email … --name …`),
// never from an argument or a variable, so it stays out of the shell's
// history and the process list. --promote grants the admin role to an
// existing account instead (no password asked).
// Exit code 0: created (or promoted); 1: refused, with the reason.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { silentLogger } from '#app/core/log.ts'
import { systemWork } from '#app/core/work.server.ts'
import { createAdministrator, promoteToAdministrator, type AdminRefusal } from '#app/modules/auth/admin-account.server.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '#app/modules/auth/forms.ts'
import { appConfigFrom, applyProcessSettings, readEnv } from '#server/env.ts'

const USAGE = 'usage: npm run admin:create [-- --email <address>] [--name "<full name>"] [--promote]'

const REFUSALS: Record<Exclude<AdminRefusal['code'], 'weakPassword'>, string> = {
  email: 'That is not an email address (such as aigerim@orken.kz).',
  name: 'The full name must be 3 to 120 characters.',
  emailTaken: 'An account with this email already exists. Run again with --promote to make that account an administrator.',
  noSuchUser: 'No account has this email: run without --promote to create one.',
  inactive: 'This account is deactivated: reactivate it first, or create a new administrator.',
  alreadyAdmin: 'This account is already an administrator: nothing changed.',
}

const WEAKNESS: Record<Extract<AdminRefusal, { code: 'weakPassword' }>['weakness'], string> = {
  short: `The password is too short: use at least ${PASSWORD_MIN} characters (a few unrelated words make a strong one).`,
  long: `The password is too long: use at most ${PASSWORD_MAX} characters.`,
  noLetters: 'The password has no letters: digits alone (a date, a phone number, an IIN) are guessed quickly. Add words.',
  common: 'The password is a common word padded with digits or signs, which guessing lists try first. Choose words of your own.',
  personal: 'The password contains part of the email address or the name, the first thing an attacker tries. Choose something else.',
  repetitive: 'The password repeats a few characters. Use a longer mix of words.',
}

const describe = (refusal: AdminRefusal) => (refusal.code === 'weakPassword' ? WEAKNESS[refusal.weakness] : REFUSALS[refusal.code])

function refuse(message: string): never {
  console.error(`refused: ${message}`)
  process.exit(1)
}

const parsed = (() => {
  try {
    return parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, promote: { type: 'boolean', default: false } } })
  } catch (error) {
    // An unknown option, such as --password: say which, and how the password is given.
    return refuse(`${(error as Error).message}\n${USAGE}\nThe password is never an argument: type it at the prompt, or pipe it on stdin.`)
  }
})()
const { values } = parsed
const interactive = Boolean(process.stdin.isTTY)

/** A visible question on the terminal. */
async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return (await rl.question(question)).trim()
  } finally {
    rl.close()
  }
}

/** A question whose answer is not echoed: the terminal in raw mode, read key by key. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin
    process.stdout.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    let answer = ''
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          stdin.off('data', onData)
          stdin.setRawMode(false)
          stdin.pause()
          process.stdout.write('\n')
          resolve(answer)
          return
        }
        if (char === '\u0003') {
          stdin.setRawMode(false)
          process.stdout.write('\n')
          process.exit(130)
        }
        if (char === '\u007f' || char === '\b') answer = [...answer].slice(0, -1).join('')
        else if (char >= ' ') answer += char
      }
    }
    stdin.on('data', onData)
  })
}

/** The first line piped on stdin, without its line ending. */
async function passwordFromStdin(): Promise<string> {
  let text = ''
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) text += chunk as string
  return text.split(/\r?\n/)[0] ?? ''
}

const email = values.email ?? (interactive ? await ask('Email: ') : refuse(`--email is required when stdin is not a terminal.\n${USAGE}`))

const env = readEnv()
applyProcessSettings(env)
const db = openDatabase(env.DATABASE_URL, { poolMax: 2 })
await migrateToLatest(db)
const work = systemWork(db, appConfigFrom(env), silentLogger)

try {
  if (values.promote) {
    const promoted = await promoteToAdministrator(work, email)
    if (!promoted.ok) refuse(describe(promoted.error))
    console.log(`${email} is now an administrator. They log in with their own password.`)
  } else {
    const fullName = values.name ?? (interactive ? await ask('Full name: ') : refuse(`--name is required when stdin is not a terminal.\n${USAGE}`))
    let password: string
    if (interactive) {
      password = await askHidden(`Password (at least ${PASSWORD_MIN} characters, not shown): `)
      const again = await askHidden('The same password again: ')
      if (again !== password) refuse('The two passwords differ: nothing was created. Run the command again.')
    } else {
      password = await passwordFromStdin()
      if (!password) refuse('No password on stdin: pipe it as the first line, such as printf \'%s\\n\' "$PASS" | npm run admin:create -- …')
    }
    const created = await createAdministrator(work, { email, fullName, password })
    if (!created.ok) refuse(describe(created.error))
    console.log(`Created the administrator ${email.trim().toLowerCase()}.`)
    console.log('Next: import the school registry (npm run schools:import -- <file> --full, or /admin/schools), then the teachers (/admin/import).')
  }
} finally {
  await db.destroy()
}
