import { yieldToServer } from './jobs.server.ts'

// Sorting tens of thousands of rows (a national cohort's roster by name) in
// one call holds the event loop for most of a second: this merge sort hands
// it back between its steps.

// Runs sorted at once, and compares made between two yields while merging them.
const RUN = 2_000
const MERGE_STEP = 10_000

async function merge<T>(a: T[], b: T[], compare: (x: T, y: T) => number): Promise<T[]> {
  const out: T[] = []
  let i = 0
  let j = 0
  let since = 0
  while (i < a.length && j < b.length) {
    // Ties take the left run first: the sort stays stable.
    out.push(compare(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!)
    if (++since === MERGE_STEP) {
      since = 0
      await yieldToServer()
    }
  }
  return out.concat(a.slice(i), b.slice(j))
}

/** A stable merge sort that hands the event loop back between its steps. */
export async function sortInSteps<T>(items: T[], compare: (x: T, y: T) => number): Promise<T[]> {
  let runs: T[][] = []
  for (let from = 0; from < items.length; from += RUN) {
    runs.push(items.slice(from, from + RUN).sort(compare))
    await yieldToServer()
  }
  while (runs.length > 1) {
    const next: T[][] = []
    for (let i = 0; i < runs.length; i += 2) next.push(i + 1 < runs.length ? await merge(runs[i]!, runs[i + 1]!, compare) : runs[i]!)
    runs = next
  }
  return runs[0] ?? []
}
