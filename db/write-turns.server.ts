import { isMainThread } from 'node:worker_threads'

// SQLite lets one connection write at a time. The server's thread and a
// worker thread with a connection of its own (the roster's writer) take
// turns through this lock in shared memory, so that neither ever reaches
// SQLite's busy handler: that handler sleeps inside the call, and on the
// server's thread a sleep holds every request.
//
// The server's thread waits with Atomics.waitAsync (its event loop runs on)
// and goes first whenever it waits; a worker waits with Atomics.wait, which
// only pauses the worker, and defers to the server's thread between its
// transactions. The server's one connection already runs its own
// transactions one at a time, so at most one of its writes waits here.

const LOCK = 0
const SERVER_WAITING = 1

const FREE = 0
const SERVER = 1
const WORKER = 2

// Node has had it since 16; TypeScript declares it from the ES2024 library on.
const { waitAsync } = Atomics as typeof Atomics & {
  waitAsync(cells: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> }
}

/** Longest a worker sleeps before it looks again (a missed wake-up costs no more). */
const WORKER_POLL_MS = 20

export class WriteTurns {
  readonly #cells: Int32Array

  /** `shared`: the memory of the turns this thread joins; none: new turns. */
  constructor(readonly shared: SharedArrayBuffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)) {
    this.#cells = new Int32Array(shared)
  }

  /** Waits for the write turn: asynchronously on the server's thread, by pausing the thread in a worker. */
  async take(): Promise<void> {
    if (isMainThread) return this.#takeAsServer()
    this.#takeAsWorker()
  }

  async #takeAsServer(): Promise<void> {
    const cells = this.#cells
    Atomics.add(cells, SERVER_WAITING, 1)
    try {
      for (;;) {
        const held = Atomics.compareExchange(cells, LOCK, FREE, SERVER)
        if (held === FREE) return
        const waited = waitAsync(cells, LOCK, held)
        if (waited.async) await waited.value
      }
    } finally {
      Atomics.sub(cells, SERVER_WAITING, 1)
    }
  }

  #takeAsWorker(): void {
    const cells = this.#cells
    for (;;) {
      if (Atomics.load(cells, SERVER_WAITING) > 0) {
        // The server's thread is waiting: let it write first.
        Atomics.wait(cells, LOCK, Atomics.load(cells, LOCK), 1)
        continue
      }
      const held = Atomics.compareExchange(cells, LOCK, FREE, WORKER)
      if (held === FREE) return
      Atomics.wait(cells, LOCK, held, WORKER_POLL_MS)
    }
  }

  /** Ends this thread's turn. */
  give(): void {
    Atomics.store(this.#cells, LOCK, FREE)
    Atomics.notify(this.#cells, LOCK)
  }

  /** After a worker ended: frees a turn it still held (it stopped between taking and giving). */
  freeFromWorker(): void {
    if (Atomics.compareExchange(this.#cells, LOCK, WORKER, FREE) === WORKER) Atomics.notify(this.#cells, LOCK)
  }
}
