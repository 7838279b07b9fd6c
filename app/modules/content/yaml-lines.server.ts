import { isNode, LineCounter, parseDocument, type Document } from 'yaml'

/** Parses YAML keeping positions, so schema problems can name their line. */
export function parseYamlWithLines(text: string) {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true })
  const errors = doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1, message: `YAML: ${e.message.split('\n')[0]}` }))
  return { doc, errors, lineOf: (path: readonly PropertyKey[]) => lineOf(doc, counter, path) }
}

function lineOf(doc: Document, counter: LineCounter, pathParts: readonly PropertyKey[]): number {
  for (let n = pathParts.length; n > 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n) as (string | number)[], true)
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line
  }
  return 1
}
