import { hash, verify } from '@node-rs/argon2'

// argon2id (the library's default algorithm) with OWASP's minimum parameters:
// 19 MiB memory, 2 passes, 1 lane. About 14 ms of one core a hash on this
// machine, so 2,000 logins at once are 28 s of CPU: a login storm is slow by design.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 }

// The hashes run on libuv's thread pool (4 threads), which compression and
// file reads share. In a login storm (a whole region at 9:00) unbounded hashing
// fills its queue and every page waits behind it: at most two hashes run at
// once per process, the rest wait here. See docs/decisions/013-cluster-and-load.md.
const MAX_CONCURRENT_HASHES = 2
let running = 0
const waiting: (() => void)[] = []

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_CONCURRENT_HASHES) running++
  else await new Promise<void>((resolve) => waiting.push(resolve))
  try {
    return await work()
  } finally {
    // Hand the slot straight to the next in line, or give it back.
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, options))
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => verify(passwordHash, password))
  } catch {
    return false
  }
}
