import { describe, expect, test } from 'vitest'
import { describeProblems } from '#app/modules/authoring/preview.server.ts'
import { compileLesson } from '#app/modules/content/compile-mdx.server.ts'

// The editor's compile errors, from the real compiler, read in Russian and
// Kazakh: our words with the line and column, the compiler's English kept aside.

const lesson = (body: string, frontmatter = 'title: Сабақ\nminutes: 10') => `---\n${frontmatter}\n---\n\n# Сабақ\n\n${body}\n`

async function problemsIn(source: string, locale: 'kk' | 'ru' | 'en') {
  const compiled = await compileLesson(source)
  if (compiled.ok) throw new Error('the lesson compiled')
  return describeProblems(compiled.problems, locale)
}

describe('compile errors in the author’s language', () => {
  test('an unclosed tag: Russian words with the line number, the original in detail', async () => {
    const [problem] = await problemsIn(lesson('Мәтін\n\n<Callout type="info">\nІшкі мәтін'), 'ru')
    expect(problem!.message).toMatch(/^Строка 10, столбец 1: Тег <Callout> не закрыт: нужен соответствующий закрывающий тег\.$/)
    expect(problem!.detail).toMatch(/closing tag/)
  })

  test('an unknown component names it in Kazakh', async () => {
    const problems = await problemsIn(lesson('<Widget />'), 'kk')
    const message = problems.map((p) => p.message).join('\n')
    expect(message).toMatch(/\d+-жол, \d+-баған: <Widget> деген компонент жоқ/)
  })

  test('import, an unterminated { and broken frontmatter each get their own words', async () => {
    const imported = await problemsIn(lesson("import x from 'y'"), 'ru')
    expect(imported.map((p) => p.message).join('\n')).toContain('В уроке нельзя писать import и export.')
    const open = await problemsIn(lesson('Мәтін {бұл'), 'ru')
    expect(open[0]!.message).toMatch(/Скобка \{ не закрыта|Текст неожиданно закончился/)
    const yaml = await problemsIn(lesson('Мәтін', 'title: [Сабақ\nminutes: 10'), 'ru')
    expect(yaml[0]!.message).toBe('Строка 1, столбец 1: Ошибка в YAML между строками --- в начале урока: проверьте отступы и запись «ключ: значение».')
    const untitled = await problemsIn(lesson('Мәтін', 'minutes: 10'), 'kk')
    expect(untitled.map((p) => p.message).join('\n')).toContain('«title» өрісі жоқ немесе қате жазылған')
  })

  test('a problem our remark step names by key keeps its key’s words and no detail', async () => {
    const problems = await problemsIn(lesson('<Callout type="loud">Мәтін</Callout>'), 'ru')
    expect(problems.length).toBeGreaterThan(0)
    for (const p of problems) expect(p.message).toMatch(/^Строка \d+, столбец \d+: /)
  })
})
