import { describe, expect, test } from 'vitest'
import { sortInSteps } from '#app/modules/jobs/sort-in-steps.server.ts'

describe('sortInSteps', () => {
  test('gives Array.prototype.sort’s order, stable, across many runs and an odd one at the end', async () => {
    const byName = new Intl.Collator('kk')
    const names = ['Әлия', 'Айгүл', 'Ұлан', 'Үміт', 'Қанат', 'Ерлан', 'Іңкәр', 'Бота']
    const items = Array.from({ length: 9_001 }, (_, i) => ({ name: names[(i * 7) % names.length]!, i }))
    const compare = (a: { name: string }, b: { name: string }) => byName.compare(a.name, b.name)
    const sorted = await sortInSteps(items, compare)
    expect(sorted).toEqual([...items].sort(compare))
    // Equal names keep their first order.
    expect(sorted.filter((x) => x.name === 'Әлия').map((x) => x.i)).toEqual(items.filter((x) => x.name === 'Әлия').map((x) => x.i))
    expect(await sortInSteps([], compare)).toEqual([])
  })
})
