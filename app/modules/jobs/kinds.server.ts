import type { Work } from '#app/core/work.server.ts'
import { certificateZipJob } from '#app/modules/certificates/zip.server.ts'
import { rosterImportJob } from '#app/modules/roster/roster.server.ts'
import { sessionsImportJob } from '#app/modules/parents/sessions-import.server.ts'
import { registryImportJob } from '#app/modules/registry/registry.server.ts'
import { recoverJobs, type AnyJobKind } from './jobs.server.ts'

// Every kind of background job, so that a process starting up (and now and
// again after) can tell which stale jobs to resume and how to fail the rest.
export const JOB_KINDS: readonly AnyJobKind[] = [rosterImportJob, sessionsImportJob, certificateZipJob, registryImportJob]

/** Resumes or fails every job whose runner stopped beating (see recoverJobs). */
export function recoverStaleJobs(work: Work) {
  return recoverJobs(work, JOB_KINDS)
}
