// The page's side of the offline queue. The IndexedDB code itself is
// public/offline-queue.js, the one copy the service worker loads too; the page
// loads it on first use and checks each record it reads back.
import { asQueued, newClientKey, type QueuedSession, type RecordFields } from '#app/components/offline-sessions/records.ts'

/** What public/offline-queue.js sets on `self`. */
interface QueueStore {
  all(): Promise<unknown>
  put(item: QueuedSession): Promise<void>
  remove(clientKey: string): Promise<void>
}

declare global {
  interface Window {
    orkenCentreQueue?: Partial<QueueStore>
  }
}

// A plain script, not a module of the bundle: Vite leaves the address alone.
export const QUEUE_SCRIPT = '/offline-queue.js'
const SYNC_TAG = 'centre-sessions'
/** Dispatched on window when the queue changes; `detail.saved` when a record was just queued. */
export const QUEUE_EVENT = 'orken:centre-queue'

let loading: Promise<QueueStore> | null = null

function queueStore(): Promise<QueueStore> {
  loading ??= import(/* @vite-ignore */ QUEUE_SCRIPT)
    .then(() => {
      const { all, put, remove } = window.orkenCentreQueue ?? {}
      if (!all || !put || !remove) throw new Error(`${QUEUE_SCRIPT} did not set orkenCentreQueue`)
      return { all, put, remove }
    })
    .catch((error: unknown) => {
      loading = null // offline before the script was ever kept: try again next time
      throw error
    })
  return loading
}

/** Every record waiting on this phone, oldest first. */
export async function readQueue(): Promise<QueuedSession[]> {
  const rows = await (await queueStore()).all()
  return (Array.isArray(rows) ? rows : [])
    .map(asQueued)
    .filter((q): q is QueuedSession => q !== null)
    .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt))
}

export const putQueued = async (item: QueuedSession) => (await queueStore()).put(item)
export const removeQueued = async (clientKey: string) => (await queueStore()).remove(clientKey)

export function announce(detail: { saved?: boolean } = {}) {
  window.dispatchEvent(new CustomEvent(QUEUE_EVENT, { detail }))
}

/** Keeps a record on the phone until it can be sent. */
export async function queueSession(school: string, fields: RecordFields): Promise<void> {
  const clientKey = fields.clientKey || newClientKey()
  await putQueued({ clientKey, school, fields: { ...fields, clientKey }, queuedAt: new Date().toISOString() })
  announce({ saved: true })
  void requestBackgroundSync()
}

interface SyncManagerLike {
  register(tag: string): Promise<void>
}
const hasBackgroundSync = (reg: ServiceWorkerRegistration): reg is ServiceWorkerRegistration & { sync: SyncManagerLike } => 'sync' in reg

async function requestBackgroundSync() {
  if (!('serviceWorker' in navigator)) return
  const reg = await navigator.serviceWorker.getRegistration('/centre')
  // Without Background Sync the page sends the queue itself when it is open.
  if (reg && hasBackgroundSync(reg)) await reg.sync.register(SYNC_TAG).catch(() => undefined)
}
