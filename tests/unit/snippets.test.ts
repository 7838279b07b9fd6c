import { describe, expect, test } from 'vitest'
import {
  blockOffset,
  buildSnippet,
  calloutSnippet,
  downloadSnippet,
  escapeAttribute,
  escapeText,
  figureSnippet,
  lineColumnAt,
  offsetAt,
  placeBlock,
  quizSnippet,
  reflectionSnippet,
  videoSnippet,
} from '#app/components/authoring/snippets.ts'

// The MDX the editor's palette writes (that each snippet compiles is shown in
// tests/integration/preview.test.ts), and the caret arithmetic of the source editor.

describe('escaping', () => {
  test('an attribute value keeps its quotes and braces as character references, on one line', () => {
    expect(escapeAttribute('Say "hi"\n  to {name}')).toBe('Say &quot;hi&quot; to &#123;name&#125;')
  })

  test('an ampersand that would read as a reference is escaped; a lone one is left alone', () => {
    expect(escapeAttribute('A & B &amp; C &#123;')).toBe('A & B &amp;amp; C &amp;#123;')
    expect(escapeText('A & B &quot;')).toBe('A & B &amp;quot;')
  })

  test('text can open neither a tag nor an expression', () => {
    expect(escapeText('<script>alert(1)</script> {1+1}')).toBe('&lt;script>alert(1)&lt;/script> &#123;1+1&#125;')
  })

  test('a line that starts with import or export is not read as a statement', () => {
    expect(escapeText('export the plan\n  import it\nexported')).toBe('&#101;xport the plan\n  &#105;mport it\nexported')
  })
})

describe('snippets', () => {
  test('a callout keeps its paragraphs and drops an empty title', () => {
    expect(calloutSnippet({ type: 'tip', title: '', text: 'First line.  \r\n\r\n\r\n\r\nSecond *paragraph*.' })).toBe(
      '<Callout type="tip">\nFirst line.\n\nSecond *paragraph*.\n</Callout>',
    )
    expect(calloutSnippet({ type: 'warning', title: 'Маңызды "ескерту"', text: 'Мәтін' })).toBe(
      '<Callout type="warning" title="Маңызды &quot;ескерту&quot;">\nМәтін\n</Callout>',
    )
  })

  test('media components name their addresses and texts', () => {
    expect(figureSnippet({ src: '/media/c/map.png', alt: 'Сынып картасы', caption: undefined })).toBe('<Figure src="/media/c/map.png" alt="Сынып картасы" />')
    expect(figureSnippet({ src: '/media/c/map.png', alt: 'Map', caption: 'Figure 1' })).toBe('<Figure src="/media/c/map.png" alt="Map" caption="Figure 1" />')
    expect(videoSnippet({ src: '/media/c/talk.mp4', title: 'Дәріс', captions: '/media/c/talk.kk.vtt' })).toBe(
      '<Video src="/media/c/talk.mp4" captions="/media/c/talk.kk.vtt" title="Дәріс" />',
    )
    expect(downloadSnippet({ href: '/media/c/plan.pdf', title: 'Жоспар' })).toBe('<Download href="/media/c/plan.pdf" title="Жоспар" />')
    expect(reflectionSnippet({ id: 'my-rules', prompt: 'Сіздің сыныбыңызда?' })).toBe('<Reflection id="my-rules" prompt="Сіздің сыныбыңызда?" />')
  })

  test('a quiz is written exactly as docs/content-format.md shows, with the correct option marked', () => {
    const snippet = quizSnippet({
      id: 'basics-quiz',
      kind: 'module',
      prompt: 'Қайсысы дұрыс?',
      a: 'Бір реттік жанжал',
      b: 'Қайталанатын әрекет',
      c: 'Әзіл',
      correct: 'b',
    })
    expect(snippet).toBe(
      [
        '<Quiz id="basics-quiz" kind="module">',
        '  <Question id="q1" type="single">',
        '    Қайсысы дұрыс?',
        '    <Option id="a">Бір реттік жанжал</Option>',
        '    <Option id="b" correct>Қайталанатын әрекет</Option>',
        '    <Option id="c">Әзіл</Option>',
        '  </Question>',
        '</Quiz>',
      ].join('\n'),
    )
  })

  test('a prompt or option that starts like a list or a heading stays plain text', () => {
    const snippet = quizSnippet({ id: 'q', kind: 'final', prompt: '1. Which one?', a: '- dash', b: '# hash', c: 'plain', correct: 'a' })
    expect(snippet).toContain('    1&#46; Which one?')
    expect(snippet).toContain('<Option id="a" correct>&#45; dash</Option>')
    expect(snippet).toContain('<Option id="b">&#35; hash</Option>')
  })
})

describe('buildSnippet', () => {
  test('valid fields give the snippet', () => {
    expect(buildSnippet('download', { href: '/media/c/plan.pdf', title: ' Жоспар ' })).toEqual({
      ok: true,
      snippet: '<Download href="/media/c/plan.pdf" title="Жоспар" />',
    })
  })

  test('missing and malformed fields give message keys, field by field', () => {
    expect(buildSnippet('figure', { src: '', alt: '  ', caption: '' })).toEqual({
      ok: false,
      errors: { src: ['validation.required'], alt: ['validation.required'] },
    })
    expect(buildSnippet('reflection', { id: 'My Rules', prompt: 'Why?' })).toEqual({ ok: false, errors: { id: ['editor.error.slug'] } })
    expect(buildSnippet('quiz', { id: 'q', kind: 'module', prompt: 'P', a: 'A', b: 'B', c: 'C' })).toEqual({
      ok: false,
      errors: { correct: ['editor.error.rightAnswer'] },
    })
    expect(buildSnippet('callout', { type: 'danger', text: 'x' })).toEqual({ ok: false, errors: { type: ['validation.required'] } })
  })

  test.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>', '//evil.example/x.png', 'media/x.png', '/media/a b.png'])(
    'the address %j is refused',
    (src) => {
      expect(buildSnippet('figure', { src, alt: 'A' })).toEqual({ ok: false, errors: { src: ['editor.error.address'] } })
    },
  )

  test.each(['/media/c/x.png', 'https://orken.kz/x.png', 'http://example.org/a.png'])('the address %j is accepted', (src) => {
    expect(buildSnippet('figure', { src, alt: 'A' })).toMatchObject({ ok: true })
  })
})

describe('placing a block', () => {
  test.each([
    ['', '', '<X />\n'],
    ['Text.', '', '\n\n<X />\n'],
    ['Text.\n', '', '\n<X />\n'],
    ['Text.\n\n', '\nMore.', '<X />\n'],
    ['Text.\n\n', '\n\nMore.', '<X />'],
    ['Te', 'xt.', '\n\n<X />\n\n'],
  ])('between %j and %j it is %j', (before, after, expected) => {
    expect(placeBlock(before, after, '<X />')).toBe(expected)
  })

  test('the placed block always stands between blank lines', () => {
    for (const [before, after] of [
      ['a', 'b'],
      ['a\n', '\nb'],
      ['a\n\n', 'b'],
      ['a', '\n\nb'],
    ] as const) {
      const text = before + placeBlock(before, after, '<X />') + after
      expect(text).toMatch(/(^|\n\n)<X \/>(\n\n|\n$)/)
    }
  })
})

describe('where a block goes', () => {
  const text = '---\ntitle: Сабақ\nminutes: 10\n---\n\nМәтін.\n'
  const body = text.indexOf('\nМәтін')

  test('a caret in or before the frontmatter moves to just after it', () => {
    for (const offset of [0, 5, body - 1]) expect(blockOffset(text, offset)).toBe(body)
  })

  test('a caret in the lesson stays where it is', () => {
    expect(blockOffset(text, body + 3)).toBe(body + 3)
    expect(blockOffset('Тек мәтін.', 0)).toBe(0)
    expect(blockOffset('---\nunclosed', 2)).toBe(2)
  })
})

describe('caret positions', () => {
  const text = '---\ntitle: Сабақ\n---\n\nБірінші жол\n'

  test('line and column count from 1, as the compiler does', () => {
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt(text, 4)).toEqual({ line: 2, column: 1 })
    expect(lineColumnAt(text, text.indexOf('жол'))).toEqual({ line: 5, column: 9 })
    expect(lineColumnAt(text, text.length)).toEqual({ line: 6, column: 1 })
  })

  test('offsetAt is the inverse of lineColumnAt', () => {
    for (let offset = 0; offset <= text.length; offset++) {
      const { line, column } = lineColumnAt(text, offset)
      expect(offsetAt(text, line, column)).toBe(offset)
    }
  })

  test('a place past the end of its line or of the text is clamped', () => {
    expect(offsetAt(text, 2, 99)).toBe(text.indexOf('\n---'))
    expect(offsetAt(text, 40, 1)).toBe(text.length)
    expect(offsetAt(text, 0, 0)).toBe(0)
  })
})
