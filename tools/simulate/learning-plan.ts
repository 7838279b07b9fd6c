import { COURSE_SEASON, DayPicker, addMinutes, dateParts, dayNumber, dayOfStamp, seasonal, stampAt, workingMinute } from './calendar.ts'
import { makeIin, personName, phoneNumber } from './people.ts'
import { WeightedPicker, type Random } from './random.ts'
import { RATES, finalTarget, yearlyIncrements, type ScaleSpec } from './scale.ts'
import type { SimRegion } from './schools.server.ts'
import type { Lang, Outcome, SimCohort, SimCourse, SimEnrolment, SimUser } from './world.ts'

// Plans who learns what and when. Each teacher's first completion is placed on
// a day drawn so that the yearly numbers follow the strategy's training
// targets, with the school year's seasons; second courses and drop-outs are
// added around it; the enrolments of a region, course and language are then
// packed in date order into cohorts of 25 to 60 places.

export const SIM_EMAIL_DOMAIN = 'sim.orken.kz'
const SEASONS = {
  kk: ['қыс', 'қыс', 'көктем', 'көктем', 'көктем', 'жаз', 'жаз', 'жаз', 'күз', 'күз', 'күз', 'қыс'],
  ru: ['зима', 'зима', 'весна', 'весна', 'весна', 'лето', 'лето', 'лето', 'осень', 'осень', 'осень', 'зима'],
}
const MIN_WINDOW = 42
/** The last cohorts end three weeks before the strategy does, leaving time for post-course support. */
const LAST_END_MARGIN = 21

export interface PlanInput {
  rng: Random
  spec: ScaleSpec
  regions: SimRegion[]
  courses: SimCourse[]
  trainers: SimUser[]
  lastDay: number
  takenIins: Set<string>
}

export interface LearningPlan {
  users: SimUser[]
  cohorts: SimCohort[]
  enrolments: SimEnrolment[]
}

const DROPOUT_SHARES: Partial<Record<Outcome, number>> = { not_started: 0.3, stalled: 0.4, withdrawn: 0.2, not_passed: 0.1 }
/** How a drop-out ends: never started, stopped part way, withdrawn, or failed the exam. */
const DROPOUTS = new WeightedPicker<Outcome>(['not_started', 'stalled', 'withdrawn', 'not_passed'], (o) => DROPOUT_SHARES[o] ?? 0)

function newPerson(rng: Random, takenIins: Set<string>, kind: SimUser['kind'], n: number, region: SimRegion): SimUser {
  const lang: Lang = rng.chance(region.profile.kk) ? 'kk' : 'ru'
  const gender = rng.chance(RATES.women) ? 'f' : 'm'
  return {
    id: rng.id(),
    kind,
    regionCode: region.code,
    schoolId: kind === 'trainer' ? null : region.schoolPicker.pick(rng).id,
    lang,
    gender,
    fullName: personName(rng, lang, gender),
    email: `sim-${kind}-${String(n).padStart(6, '0')}@${SIM_EMAIL_DOMAIN}`,
    iin: makeIin(rng, rng.int(1962, 2001), gender, takenIins),
    phone: rng.chance(0.7) ? phoneNumber(rng) : null,
    createdDay: 0,
    createdAt: '',
    supported: false,
  }
}

const earliestEnd = (c: SimCourse) => c.firstStart + c.durationDays

/** Trainers: about spec.trainers, by region population, at least one a region; registered in January 2025. */
export function planTrainers(rng: Random, spec: ScaleSpec, regions: SimRegion[], takenIins: Set<string>): SimUser[] {
  const population = regions.reduce((s, r) => s + r.profile.population, 0)
  const trainers: SimUser[] = []
  for (const region of regions) {
    const count = Math.max(1, Math.round((spec.trainers * region.profile.population) / population))
    for (let i = 0; i < count; i++) {
      const t = newPerson(rng, takenIins, 'trainer', trainers.length + 1, region)
      t.createdDay = rng.int(2, 20)
      t.createdAt = stampAt(t.createdDay, workingMinute(rng))
      trainers.push(t)
    }
  }
  return trainers
}

export function planLearning(input: PlanInput): LearningPlan {
  const { rng, spec, regions, lastDay } = input
  const lastEnd = lastDay - LAST_END_MARGIN
  const courses = input.courses.filter((c) => earliestEnd(c) <= lastEnd)
  if (!courses.length) throw new Error('No published teacher course can run in the strategy years: the simulation needs at least one (run the content sync).')
  const regionPicker = new WeightedPicker(regions, (r) => r.profile.population)
  const enrolments: SimEnrolment[] = []
  const langFor = (course: SimCourse, lang: Lang): Lang => (course.langs.includes(lang) ? lang : course.langs[0]!)
  const enrolment = (user: SimUser, course: SimCourse, outcome: Outcome, targetDay: number, first: boolean): SimEnrolment => ({
    id: rng.id(),
    user,
    course,
    regionCode: user.regionCode,
    lang: langFor(course, user.lang),
    outcome,
    targetDay,
    first,
    cohort: null,
    enrolledAt: '',
    startedAt: null,
    finishedAt: null,
    lastActivityAt: null,
    lessonsDone: 0,
    finalScore: null,
  })
  // Cohorts start more often in autumn and spring: a course's end day is weighted by the season of its start.
  const startSeason = seasonal(COURSE_SEASON, { sundays: true })
  const busiest = Math.max(...COURSE_SEASON)
  const pickers = new Map<string, DayPicker>()
  const endDay = (course: SimCourse, from: number, to: number) => {
    const lo = Math.max(from, earliestEnd(course))
    const key = `${course.id}|${lo}|${to}`
    let picker = pickers.get(key)
    if (!picker) {
      picker = new DayPicker(lo, to, (d) => startSeason(d - course.durationDays))
      pickers.set(key, picker)
    }
    return picker.pick(rng)
  }
  /** The same for a one-off range (a second course some months after the first), by rejection. */
  const endDayBetween = (course: SimCourse, from: number, to: number) => {
    for (let tries = 0; tries < 30; tries++) {
      const day = rng.int(from, to)
      if (rng.next() * busiest < startSeason(day - course.durationDays)) return day
    }
    return rng.int(from, to)
  }

  // Teachers: the year of each one's first completion follows the targets exactly; the day, the seasons.
  const years = yearlyIncrements('teachers_trained', spec.teachers).flatMap((y) => Array.from({ length: y.value }, () => y.year))
  rng.shuffle(years)
  const yearEnd = (year: number) => Math.min(lastEnd, dayOfYearStart(year + 1) - 8)
  const users: SimUser[] = []
  const retakes: SimEnrolment[] = []
  for (const [i, year] of years.entries()) {
    const teacher = newPerson(rng, input.takenIins, 'teacher', i + 1, regionPicker.pick(rng))
    users.push(teacher)
    const options = courses.filter((c) => earliestEnd(c) <= yearEnd(year))
    if (!options.length) throw new Error(`No teacher course can be completed in ${year}: check the courses' approval dates.`)
    const course = rng.pick(options)
    const day = endDay(course, dayOfYearStart(year), yearEnd(year))
    const first = enrolment(teacher, course, 'completed', day, true)
    enrolments.push(first)
    if (rng.chance(RATES.retake)) retakes.push(first)
    const roll = rng.next()
    const others = courses.filter((c) => c !== course)
    if (roll < RATES.secondCourse + RATES.secondDropout && others.length) {
      const next = rng.pick(others)
      const from = Math.max(day + 45, earliestEnd(next))
      const to = Math.min(day + 420, lastEnd)
      if (from <= to)
        enrolments.push(enrolment(teacher, next, roll < RATES.secondCourse ? 'completed' : DROPOUTS.pick(rng), endDayBetween(next, from, to), false))
    }
  }
  // Exactly the strategy's share of the teachers is reached by post-course support.
  const supported = Math.round((spec.teachers * finalTarget('teachers_post_course_support')) / finalTarget('teachers_trained'))
  for (const t of rng.sample(users, supported)) t.supported = true

  for (let i = 0; i < spec.extrasEnrolled; i++) {
    const user = newPerson(rng, input.takenIins, 'extra', i + 1, regionPicker.pick(rng))
    users.push(user)
    const course = rng.pick(courses)
    enrolments.push(enrolment(user, course, DROPOUTS.pick(rng), endDay(course, 0, lastEnd), false))
  }

  const cohorts = packCohorts(input, enrolments)
  for (const e of retakes) placeRetake(input, cohorts, e, enrolments)
  for (const c of cohorts) {
    for (const e of c.members) tell(rng, e, c)
    // Opened some weeks before it starts, and before anyone enrolled; not before the trainers registered.
    const firstEnrolled = c.members.reduce((min, e) => (e.enrolledAt < min ? e.enrolledAt : min), c.members[0]!.enrolledAt)
    const opened = stampAt(Math.max(21, c.startDay - rng.int(20, 60)), workingMinute(rng))
    c.createdAt = opened < firstEnrolled ? opened : addMinutes(firstEnrolled, -rng.int(60, 600))
  }

  for (let i = 0; i < spec.extrasIdle; i++) {
    const user = newPerson(rng, input.takenIins, 'extra', spec.extrasEnrolled + i + 1, regionPicker.pick(rng))
    user.createdDay = rng.int(3, lastDay)
    user.createdAt = stampAt(user.createdDay, workingMinute(rng))
    users.push(user)
  }
  registerBeforeEnrolling(rng, enrolments)
  return { users, cohorts, enrolments }
}

const dayOfYearStart = (year: number) => dayNumber(`${year}-01-01`)

/** Packs the enrolments of each region, course and language into cohorts, in the order of their wanted days. */
function packCohorts(input: PlanInput, enrolments: SimEnrolment[]): SimCohort[] {
  const { rng, spec, regions, trainers } = input
  const groups = new Map<string, SimEnrolment[]>()
  for (const e of enrolments) {
    const key = `${e.regionCode}|${e.course.id}|${e.lang}`
    const group = groups.get(key)
    if (group) group.push(e)
    else groups.set(key, [e])
  }
  const cohorts: SimCohort[] = []
  const counters = new Map<string, number>()
  for (const members of groups.values()) {
    members.sort((a, b) => a.targetDay - b.targetDay)
    // Long enough to gather a cohort's smallest fill at this group's pace.
    const daysPerMember = (members.at(-1)!.targetDay - members[0]!.targetDay + 1) / members.length
    const windowDays = Math.min(spec.cohortWindowMax, Math.max(MIN_WINDOW, Math.round(spec.cohortFill[0] * daysPerMember)))
    let i = 0
    while (i < members.length) {
      const size = rng.int(spec.cohortFill[0], spec.cohortFill[1])
      const chunk: SimEnrolment[] = []
      // A cohort never spans a new year, so each year's completions stay where the plan put them.
      const fits = (e: SimEnrolment) =>
        !chunk[0] || (e.targetDay - chunk[0].targetDay <= windowDays && dateParts(e.targetDay).year === dateParts(chunk[0].targetDay).year)
      while (i < members.length && chunk.length < size && fits(members[i]!)) chunk.push(members[i++]!)
      const sample = chunk[0]!
      const course = sample.course
      const median = chunk[Math.floor(chunk.length / 2)]!.targetDay
      const endDay = Math.max(median, earliestEnd(course))
      const startDay = endDay - course.durationDays
      const region = regions.find((r) => r.code === sample.regionCode)!
      const regionTrainers = trainers.filter((t) => t.regionCode === region.code)
      const key = `${region.code}|${course.id}|${sample.lang}|${dateParts(startDay).year}`
      const n = (counters.get(key) ?? 0) + 1
      counters.set(key, n)
      const cohort: SimCohort = {
        id: rng.id(),
        course,
        regionCode: region.code,
        lang: sample.lang,
        startDay,
        endDay,
        capacity: Math.min(60, Math.max(25, chunk.length + rng.int(0, 10))),
        trainerId: rng.pick(regionTrainers.length ? regionTrainers : trainers).id,
        title: cohortTitle(region, sample.lang, startDay, n),
        createdAt: '',
        members: chunk,
      }
      for (const e of chunk) e.cohort = cohort
      cohorts.push(cohort)
    }
  }
  return cohorts.sort((a, b) => a.startDay - b.startDay)
}

function cohortTitle(region: SimRegion, lang: Lang, startDay: number, n: number): string {
  const { year, month } = dateParts(startDay)
  return lang === 'kk' ? `${region.name.kk}: ${SEASONS.kk[month]} ${year}, ${n}-топ` : `${region.name.ru}: ${SEASONS.ru[month]} ${year}, поток ${n}`
}

/** A teacher who later completes a course first withdrew from, or failed, an earlier cohort of it with a free place. */
function placeRetake(input: PlanInput, cohorts: SimCohort[], completion: SimEnrolment, enrolments: SimEnrolment[]): void {
  const later = completion.cohort!
  const earlier = cohorts
    .filter((c) => c.course === later.course && c.regionCode === later.regionCode && c.lang === later.lang)
    // Ended a month before the later cohort starts: enrol() refuses a second live enrolment in a course.
    .filter((c) => c.endDay <= later.startDay - 30 && c.endDay >= later.startDay - 300 && c.members.length < c.capacity)
    .at(-1)
  if (!earlier) return
  const { rng } = input
  const outcome: Outcome = later.course.passMark !== null && rng.chance(0.45) ? 'not_passed' : 'withdrawn'
  const e: SimEnrolment = { ...completion, id: rng.id(), outcome, targetDay: earlier.endDay, first: false, cohort: earlier }
  earlier.members.push(e)
  enrolments.push(e)
}

/** Fills in an enrolment's story inside its cohort's dates. */
function tell(rng: Random, e: SimEnrolment, c: SimCohort): void {
  const length = c.endDay - c.startDay
  const total = c.course.lessons.length
  e.enrolledAt = stampAt(c.startDay - rng.int(1, 25), workingMinute(rng))
  const started = (within: number) => stampAt(c.startDay + rng.int(0, within), workingMinute(rng))
  let outcome = e.outcome
  if (outcome === 'not_passed' && c.course.passMark === null) outcome = e.outcome = 'stalled'
  if (outcome === 'completed' || outcome === 'not_passed') {
    const startDay = c.startDay + rng.int(0, Math.min(6, length - 2))
    e.startedAt = stampAt(startDay, workingMinute(rng))
    // Near the day the plan wanted, within the cohort's last weeks.
    const earliest = Math.max(startDay + 1, c.endDay - Math.floor(0.35 * length))
    const finishDay = Math.min(Math.max(earliest, c.endDay), Math.max(earliest, e.targetDay + rng.int(0, 3)))
    e.finishedAt = stampAt(finishDay, workingMinute(rng))
    e.lastActivityAt = e.finishedAt
    e.lessonsDone = total
    const pass = c.course.passMark
    e.finalScore = pass === null ? null : outcome === 'completed' ? rng.int(pass, 100) : rng.int(Math.max(0, pass - 40), pass - 1)
  } else if (outcome === 'withdrawn') {
    if (rng.chance(0.5)) {
      e.startedAt = started(6)
      e.lessonsDone = rng.int(0, Math.min(2, total - 1))
      e.lastActivityAt = e.startedAt
      e.finishedAt = addMinutes(e.startedAt, rng.int(2, Math.max(3, Math.floor(length / 2))) * 1440)
    } else {
      e.finishedAt = addMinutes(e.enrolledAt, rng.int(1, 20) * 1440)
    }
  } else if (outcome === 'stalled') {
    e.startedAt = started(Math.min(10, Math.floor(length / 3)))
    e.lessonsDone = rng.int(1, Math.max(1, total - 1))
    e.lastActivityAt = addMinutes(e.startedAt, rng.int(0, Math.floor(0.6 * length)) * 1440)
  }
}

/** Every account is created before its first enrolment: mostly days before, some months. */
function registerBeforeEnrolling(rng: Random, enrolments: SimEnrolment[]): void {
  const firstEnrolment = new Map<SimUser, string>()
  for (const e of enrolments) {
    const known = firstEnrolment.get(e.user)
    if (!known || e.enrolledAt < known) firstEnrolment.set(e.user, e.enrolledAt)
  }
  for (const [user, enrolledAt] of firstEnrolment) {
    const roll = rng.next()
    const lead = roll < 0.65 ? rng.int(0, 20) : roll < 0.85 ? rng.int(20, 120) : rng.int(120, 400)
    const enrolledDay = dayOfStamp(enrolledAt)
    user.createdDay = Math.max(2, enrolledDay - lead)
    const stamp = stampAt(user.createdDay, workingMinute(rng))
    user.createdAt = stamp < enrolledAt ? stamp : addMinutes(enrolledAt, -rng.int(5, 90))
  }
}
