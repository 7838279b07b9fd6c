// Shared by the server's thread and the hash threads (hash-worker.server.ts).

// argon2id (the library's default algorithm) with OWASP's minimum parameters:
// 19 MiB memory, 2 passes, 1 lane. About 14 ms of one core a hash on this
// machine, so 2,000 logins at once are 28 s of CPU: a login storm is slow by design.
export const HASH_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 }

/**
 * The niceness of a hash thread (0 is the server's, 19 the lowest): under
 * full load the scheduler gives each hash thread about a tenth of what a
 * server thread gets, so logins still move while pages come first.
 */
export const HASH_THREAD_NICE = 10

export type HashRequest =
  | { id: number; op: 'hash'; password: string }
  | { id: number; op: 'verify'; hash: string; password: string }
  /** The thread's niceness as the system reports it (null where none was set). */
  | { id: number; op: 'nice' }

export type HashReply = { id: number; ok: true; value: string | boolean | number | null } | { id: number; ok: false; message: string }

/** What a hash thread says once it has started, as every worker of the build does (worker-bundles.test.ts). */
export type HashThreadMessage = HashReply | { type: 'ready' }
