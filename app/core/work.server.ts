import { dialectOf, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import type { AppConfig } from './config.ts'
import type { DomainEvent } from './events.ts'
import type { Logger } from './log.ts'
import { SUBSCRIBERS } from './subscribers.server.ts'

// The unit of work (ADR 022). One Work per request, built by the server in
// getLoadContext (tests build theirs with tests/setup/work.ts): who acts, from
// where, against which database, with which settings and logger. Reads take
// it and use `work.db`. Every write goes through `write(work, fn)`, which
// opens the one transaction, lets `fn` record what it did (audit entries,
// domain events, tasks for after the commit), runs the event subscribers (the
// metrics) before the commit, and starts the tasks after it. A write called
// inside another with `tx.work` joins the outer one: one transaction, one
// commit, the events of both handled once.

export interface Work {
  readonly db: Database
  /** The signed-in user the request acts for; null for a visitor or the system. */
  readonly actorId: string | null
  /** The client's address, as the proxy settings let the server read it. */
  readonly clientIp: string | null
  readonly requestId: string | null
  readonly config: AppConfig
  readonly log: Logger
  /** The app's clock (app/modules/clock): pinned in tests, never the system's directly. */
  readonly now: () => Date
  /** The write this work is inside of, when it is; set by write() only. */
  readonly unit?: Unit
}

export interface AuditRecord {
  action: string
  targetType: string
  targetId?: string | null
  details?: Record<string, unknown>
  /** Who acted, when it is not the work's actor (a teacher confirming their own registration, say). */
  actorId?: string | null
}

/** What a write function is given: its transaction and the ways to record what it did. */
export interface Tx {
  /** The transaction: every statement of the write runs on it. */
  readonly db: Database
  /** This work inside the transaction: pass it to another module's write to compose the two. */
  readonly work: Work
  audit(record: AuditRecord): void
  emit(event: DomainEvent): void
  /**
   * Runs `task` once the transaction has committed (a job to start, a file to
   * remove); never if it rolls back. It is given the work outside the
   * transaction, for a write of its own.
   */
  afterCommit(task: (work: Work) => unknown): void
}

class Unit implements Tx {
  readonly work: Work
  private audits: { record: AuditRecord; at: string }[] = []
  private events: DomainEvent[] = []
  readonly tasks: ((work: Work) => unknown)[] = []

  constructor(
    readonly db: Database,
    outer: Work,
  ) {
    this.work = { ...outer, db, unit: this }
  }

  audit(record: AuditRecord): void {
    this.audits.push({ record, at: this.work.now().toISOString() })
  }

  emit(event: DomainEvent): void {
    this.events.push(event)
  }

  afterCommit(task: (work: Work) => unknown): void {
    this.tasks.push(task)
  }

  /**
   * Before the commit: the audit rows are written, then the subscribers see
   * every event of the write at once. Subscribers last: the metrics' shared
   * rows they lock are then held only until the commit that follows (ADR 035).
   */
  async flush(): Promise<void> {
    const audits = this.audits.splice(0)
    for (let i = 0; i < audits.length; i += 200) {
      await this.db
        .insertInto('audit_log')
        .values(
          audits.slice(i, i + 200).map(({ record, at }) => ({
            id: newId(),
            actor_user_id: record.actorId === undefined ? this.work.actorId : record.actorId,
            action: record.action,
            target_type: record.targetType,
            target_id: record.targetId ?? null,
            details: JSON.stringify(record.details ?? {}),
            ip: this.work.clientIp,
            created_at: at,
          })),
        )
        .execute()
    }
    const events = this.events.splice(0)
    for (const subscriber of SUBSCRIBERS) await subscriber(this.db, events)
  }
}

/**
 * Runs `fn` as one write: in a new transaction, or in the one `work` is
 * already inside. Only the outermost write flushes and commits; its
 * after-commit tasks run once the commit is done, each on its own (a failing
 * task is logged and does not undo the write).
 */
export async function write<T>(work: Work, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (work.unit) return fn(work.unit)
  // A transaction opened elsewhere cannot say when it commits: refuse rather than start tasks too early.
  if (work.db.isTransaction) throw new Error('write() was given a transaction it did not open; pass tx.work instead')
  let unit: Unit | undefined
  let result: T
  for (let attempt = 1; ; attempt++) {
    try {
      // A fresh unit each attempt: a rolled-back attempt's audit entries, events and tasks go with it.
      result = await work.db.transaction().execute(async (trx) => {
        unit = new Unit(trx, work)
        const value = await fn(unit)
        await unit.flush()
        return value
      })
      break
    } catch (error) {
      const retry = retryable(error, attempt)
      if (!retry) throw error
      work.log.warn({ code: retry, attempt, requestId: work.requestId }, 'a write met a concurrent one and runs again')
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
  for (const task of unit!.tasks) {
    try {
      await task(work)
    } catch (error) {
      work.log.error({ err: error, requestId: work.requestId }, 'a task after a commit failed')
    }
  }
  return result
}

// PostgreSQL's SQLSTATEs of a transaction that lost to a concurrent one
// (ADR 035): a serialization failure or a deadlock's victim runs again; so
// does a unique violation, once or twice, as the write's own check then finds
// the row the other committed (the same teacher enrolled twice at once). The
// error of a write that keeps failing is the caller's. SQLite's writers take
// turns and its errors carry no SQLSTATE: nothing there runs again. A kept
// statement whose table changed under it (0A000, "cached plan must not change
// result type": a migration by another process) fails its transaction once;
// it is parsed again on the next run (db/pg-statements.server.ts, ADR 039).
const RETRIES: Record<string, number> = { '40001': 5, '40P01': 5, '23505': 2, '0A000': 1 }

/**
 * One statement that decides nothing (it reads nothing first and emits no
 * event), as one write. On PostgreSQL it runs on its own: one round trip, no
 * BEGIN and COMMIT around it (ADR 035). Inside a write, it joins it; on
 * SQLite it takes the writers' turn as any write does (ADR 033).
 */
export async function writeStatement<T>(work: Work, statement: (db: Database) => Promise<T>): Promise<T> {
  if (!work.unit && dialectOf(work.db) === 'postgres') return statement(work.db)
  return write(work, (tx) => statement(tx.db))
}

/** The SQLSTATE of an error that earns `attempt` another run, or null. */
function retryable(error: unknown, attempt: number): string | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : null
  if (typeof code !== 'string' || !(code in RETRIES)) return null
  return attempt <= RETRIES[code]! ? code : null
}

/** A Work for code that acts on its own (background jobs, scripts): no actor, no client, the given settings. */
export function systemWork(db: Database, config: AppConfig, log: Logger): Work {
  return { db, actorId: null, clientIp: null, requestId: null, config, log, now }
}

/** The same work acting for someone else: a job acting for the admin who started it, a registration for the new user. */
export function actingAs(work: Work, actorId: string | null, clientIp: string | null = work.clientIp): Work {
  return { ...work, actorId, clientIp }
}
