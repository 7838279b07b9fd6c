import type { RegistryStageTable, SchoolKind, SchoolLanguage } from '#db/schema.ts'
import type { RegistryEntry } from './registry-file.server.ts'

// What a registry file changes, worked out against the schools already here,
// by BIN: schools to create, to update (renamed, moved, retyped), to reopen,
// to close (listed as closed, or absent from a full national list). Schools
// without a BIN (entered before the registry) are never touched. Reads and
// writes nothing (it pauses every STEP entries for the server), so the same
// file twice plans nothing.

export interface RegistryCounts {
  created: number
  updated: number
  closed: number
  reopened: number
  unchanged: number
}

export interface KnownSchool {
  id: string
  bin: string
  region_code: string
  district_id: string | null
  district: string | null
  settlement: string | null
  name_kk: string
  name_ru: string
  name_en: string
  kind: SchoolKind | null
  language: SchoolLanguage | null
  closed_at: string | null
}

export type StagedChange = Omit<RegistryStageTable, 'job_id'>

/** Entries planned between two calls of `between` (a yield to the server). */
const STEP = 250

export async function planRegistry(input: {
  entries: RegistryEntry[]
  known: KnownSchool[]
  /** The file is the whole national list: a school it does not name is closed. */
  full: boolean
  districtNames: ReadonlyMap<string, string>
  newId: () => string
  between: () => Promise<void>
}): Promise<{ changes: StagedChange[]; counts: RegistryCounts }> {
  const byBin = new Map(input.known.map((s) => [s.bin, s]))
  const counts: RegistryCounts = { created: 0, updated: 0, closed: 0, reopened: 0, unchanged: 0 }
  const changes: StagedChange[] = []
  for (const [i, e] of input.entries.entries()) {
    if (i % STEP === STEP - 1) await input.between()
    const school = byBin.get(e.bin)
    const values = {
      bin: e.bin,
      region_code: e.regionCode,
      district_id: e.districtId,
      district: input.districtNames.get(e.districtId) ?? null,
      settlement: e.settlement,
      name_kk: e.nameKk,
      name_ru: e.nameRu,
      // The registry has no English names: the Russian one reads best to an English reader.
      name_en: e.nameRu,
      // A column left out of the file keeps what is known.
      kind: e.kind ?? school?.kind ?? null,
      language: e.language ?? school?.language ?? null,
      closed: e.closed ? 1 : 0,
      line: e.line,
    }
    if (!school) {
      changes.push({ action: 'create', school_id: input.newId(), ...values })
      if (e.closed) counts.closed++
      else counts.created++
      continue
    }
    byBin.delete(e.bin)
    const wasClosed = school.closed_at !== null
    const differs =
      school.region_code !== values.region_code ||
      school.district_id !== values.district_id ||
      school.settlement !== values.settlement ||
      school.name_kk !== values.name_kk ||
      school.name_ru !== values.name_ru ||
      school.kind !== values.kind ||
      school.language !== values.language
    if (wasClosed && !e.closed) {
      changes.push({ action: 'reopen', school_id: school.id, ...values })
      counts.reopened++
    } else if (!wasClosed && e.closed) {
      changes.push({ action: 'close', school_id: school.id, ...values })
      counts.closed++
    } else if (differs) {
      changes.push({ action: 'update', school_id: school.id, ...values })
      counts.updated++
    } else counts.unchanged++
  }
  // What a full list leaves out is closed as it stands; already closed ones stay as they are.
  for (const school of input.full ? byBin.values() : []) {
    if (school.closed_at !== null) continue
    changes.push({
      action: 'close',
      school_id: school.id,
      bin: school.bin,
      region_code: school.region_code,
      district_id: school.district_id,
      district: school.district,
      settlement: school.settlement,
      name_kk: school.name_kk,
      name_ru: school.name_ru,
      name_en: school.name_en,
      kind: school.kind,
      language: school.language,
      closed: 1,
      line: 0,
    })
    counts.closed++
  }
  return { changes, counts }
}
