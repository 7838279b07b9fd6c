import { isMap, isScalar, parseDocument, type Document } from 'yaml'
import { CourseYamlSchema } from '#app/modules/content/manifest.ts'
import { FACT_KEYS, factsOf, type AccreditationFacts, type FactValue } from './facts.ts'

// The accreditation facts inside a course.yml text: read from it, and written
// into it without touching anything else (comments, order, quoting and
// spacing stay as the author wrote them).

/** The facts of a course.yml that parses and passes the schema; null otherwise. */
export function factsOfYml(text: string): AccreditationFacts | null {
  try {
    const doc = parseDocument(text)
    if (doc.errors.length) return null
    const parsed = CourseYamlSchema.safeParse(doc.toJS())
    return parsed.success ? factsOf(parsed.data) : null
  } catch {
    return null
  }
}

/** The course.yml with these facts; null when the text is not a YAML map. */
export function ymlWithFacts(text: string, facts: AccreditationFacts): string | null {
  const doc = parseDocument(text)
  if (doc.errors.length || !isMap(doc.contents)) return null
  // Each fact that is already a scalar in the text is replaced where it stands.
  const edits: { start: number; end: number; text: string }[] = []
  for (const key of FACT_KEYS) {
    const value = facts[key]
    const node = doc.getIn(key.split('.'), true)
    if (value === null && node === undefined) continue
    if (value === null || !isScalar(node) || !node.range) return restructured(doc, facts)
    if (node.value !== value) edits.push({ start: node.range[0], end: node.range[1], text: scalarText(value) })
  }
  return edits.sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text)
}

function scalarText(value: Exclude<FactValue, null>): string {
  // A JSON string is a valid YAML double-quoted scalar.
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/** A fact added or removed (an approval a course lacked, say): the document is written anew. */
function restructured(doc: Document, facts: AccreditationFacts): string {
  for (const key of FACT_KEYS) {
    const path = key.split('.')
    if (facts[key] === null) {
      if (doc.hasIn(path)) doc.deleteIn(path)
    } else doc.setIn(path, facts[key])
  }
  for (const path of [['assessment', 'module_quiz'], ['assessment', 'final_exam'], ['assessment'], ['approval'], ['order']]) {
    const node = doc.getIn(path, true)
    if (isMap(node) && node.items.length === 0) doc.deleteIn(path)
  }
  // lineWidth 0: long summaries stay on their one line instead of being folded.
  return doc.toString({ lineWidth: 0 })
}
