import * as m0001 from './0001-foundation.ts'
import * as m0002 from './0002-courses.ts'
import * as m0003 from './0003-certificates.ts'
import * as m0004 from './0004-surveys.ts'
import * as m0005 from './0005-authoring.ts'
import * as m0006 from './0006-parents.ts'
import * as m0007 from './0007-targets.ts'
import * as m0008 from './0008-metrics.ts'
import * as m0009 from './0009-admin-overview.ts'
import * as m0010 from './0010-accreditation.ts'
import * as m0011 from './0011-time-on-task-and-activities.ts'
import * as m0012 from './0012-quiz-retakes.ts'
import * as m0013 from './0013-registration-requests.ts'
import * as m0014 from './0014-checkin-parent-key.ts'
import * as m0015 from './0015-jobs.ts'
import * as m0016 from './0016-registry.ts'
import * as m0017 from './0017-roster-staging.ts'
import * as m0018 from './0018-mail-delivery.ts'
import * as m0019 from './0019-certificate-pdf-version.ts'
import * as m0020 from './0020-metric-versions.ts'
import * as m0022 from './0022-roster-set-based.ts'
import * as m0023 from './0023-metric-changes.ts'
import * as m0024 from './0024-enrolments-by-cohort.ts'
import * as m0025 from './0025-enrolments-by-user-in-order.ts'
import * as m0026 from './0026-metric-pending.ts'
import * as m0027 from './0027-starts-queued-by-trigger.ts'

/** Every migration, by name; names sort in the order they run. */
export const migrations = {
  '0001-foundation': m0001,
  '0002-courses': m0002,
  '0003-certificates': m0003,
  '0004-surveys': m0004,
  '0005-authoring': m0005,
  '0006-parents': m0006,
  '0007-targets': m0007,
  '0008-metrics': m0008,
  '0009-admin-overview': m0009,
  '0010-accreditation': m0010,
  '0011-time-on-task-and-activities': m0011,
  '0012-quiz-retakes': m0012,
  '0013-registration-requests': m0013,
  '0014-checkin-parent-key': m0014,
  '0015-jobs': m0015,
  '0016-registry': m0016,
  '0017-roster-staging': m0017,
  '0018-mail-delivery': m0018,
  '0019-certificate-pdf-version': m0019,
  '0020-metric-versions': m0020,
  '0022-roster-set-based': m0022,
  '0023-metric-changes': m0023,
  '0024-enrolments-by-cohort': m0024,
  '0025-enrolments-by-user-in-order': m0025,
  '0026-metric-pending': m0026,
  '0027-starts-queued-by-trigger': m0027,
}
