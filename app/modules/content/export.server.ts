import fs from 'node:fs'
import path from 'node:path'
import type { Database } from '#db/client.server.ts'
import { kindOfAudience, readCourseFiles } from './source.server.ts'
import { versionFiles } from './version-files.server.ts'

// `npm run content:export`: each course's published version written back under
// content/, so what authors published in the app is reviewed in git. The next
// content:sync finds the same hash and changes nothing.

export interface ExportReport {
  written: { slug: string; files: number; removed: number }[]
  unchanged: string[]
  skipped: string[]
}

export async function exportContent(db: Database, root: string, only?: string[]): Promise<ExportReport> {
  const report: ExportReport = { written: [], unchanged: [], skipped: [] }
  let query = db.selectFrom('courses').select(['id', 'audience', 'current_version_id']).where('current_version_id', 'is not', null).orderBy('id')
  if (only?.length) query = query.where('id', 'in', only)
  for (const course of await query.execute()) {
    const files = await versionFiles(db, course.current_version_id!)
    if (!files.size) {
      report.skipped.push(course.id) // published before sources were kept
      continue
    }
    const dir = path.join(root, kindOfAudience(course.audience), course.id)
    const onDisk = readCourseFiles(dir)
    let written = 0
    for (const [rel, file] of files) {
      if (onDisk.get(rel) === file.text) continue
      const target = path.join(dir, ...rel.split('/'))
      fs.mkdirSync(path.dirname(target), { recursive: true })
      fs.writeFileSync(target, file.text)
      written++
    }
    let removed = 0
    for (const rel of onDisk.keys()) {
      if (files.has(rel) || rel.endsWith('/')) continue
      fs.rmSync(path.join(dir, ...rel.split('/')))
      removed++
    }
    // Module folders left empty by removed lessons.
    for (const rel of new Set([...onDisk.keys()].map((r) => r.split('/').slice(0, 2).join('/')))) {
      const folder = path.join(dir, ...rel.split('/'))
      if (fs.existsSync(folder) && fs.statSync(folder).isDirectory() && !fs.readdirSync(folder).length) fs.rmdirSync(folder)
    }
    if (written || removed) report.written.push({ slug: course.id, files: written, removed })
    else report.unchanged.push(course.id)
  }
  return report
}
