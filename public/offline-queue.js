// The coordinators' offline queue of centre sessions: one IndexedDB store, keyed
// by each record's client key, that the centre page and its service worker both
// read and write. A plain script with no imports or exports, so that both can
// load the same file without a bundler: the service worker (a classic worker)
// with importScripts('/offline-queue.js'), the page with import() (see
// app/components/offline-sessions/queue.ts). Either way it sets
// self.orkenCentreQueue; the records it holds are the QueuedSession shape of
// app/components/offline-sessions/records.ts, checked by whoever reads them.
;(() => {
  const DB_NAME = 'orken-centre'
  const STORE = 'queue'

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'clientKey' })
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  }

  // One transaction per call, with just enough of a wrapper to await its request.
  async function inStore(mode, run) {
    const db = await open()
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const request = run(tx.objectStore(STORE))
      tx.oncomplete = () => {
        db.close()
        resolve(request.result)
      }
      tx.onerror = () => {
        db.close()
        reject(tx.error)
      }
    })
  }

  self.orkenCentreQueue = {
    /** Every record on the phone, unchecked. */
    all: () => inStore('readonly', (store) => store.getAll()),
    put: (item) => inStore('readwrite', (store) => store.put(item)).then(() => undefined),
    remove: (clientKey) => inStore('readwrite', (store) => store.delete(clientKey)).then(() => undefined),
  }
})()
