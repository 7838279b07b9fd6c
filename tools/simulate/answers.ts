import type { SurveyAnswers } from '#app/modules/surveys/answer-check.server.ts'
import { isRequired, surveyItems, type SurveyDefinition } from '#app/modules/surveys/definition.ts'
import type { Random } from './random.ts'
import type { Lang } from './world.ts'

// Plausible answers to a survey: one latent attitude per response, lower
// before the course than after it, so the reports show a change; Likert items
// scatter around it (reverse items mirrored), options lean to the first ones,
// and a few people write a comment.

export type Stage = 'pre' | 'end' | 'followup'

const MOOD: Record<Stage, number> = { pre: 2.9, end: 4.1, followup: 3.85 }

const COMMENTS: Record<Lang, string[]> = {
  kk: [
    'Сынып сағаттарында куәгерлермен жұмысты қолданып жүрмін, балалар белсендірек.',
    'Ата-аналармен сөйлесу әлі де қиын, қосымша кеңес керек.',
    'Бақылау жазбаларын жүргізу пайдалы болды, психологпен бірге талқылаймыз.',
    'Материалдар түсінікті, бірақ уақыт жетпейді.',
    'Мектепте психолог жоқ, бағыттау қиын.',
  ],
  ru: [
    'Применяю правила класса, выработанные вместе с учениками, — конфликтов стало меньше.',
    'Нужно больше практики по разговору с родителями.',
    'Записи наблюдений помогают при обсуждении с психологом.',
    'Материалы полезные, но не хватает времени на всё.',
    'Хотелось бы разбор сложных случаев на вебинаре.',
  ],
}

function normal(rng: Random): number {
  const u = 1 - rng.next()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next())
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)))

function leaning<T>(rng: Random, items: readonly T[]): T {
  const weights = items.map((_, i) => 1 / (1 + 0.6 * i))
  let roll = rng.next() * weights.reduce((s, w) => s + w, 0)
  for (const [i, w] of weights.entries()) {
    roll -= w
    if (roll < 0) return items[i]!
  }
  return items.at(-1)!
}

/** Answers to every item of `def` that checkAnswers would accept. */
export function simulatedAnswers(rng: Random, def: SurveyDefinition, stage: Stage, lang: Lang): SurveyAnswers {
  const mood = MOOD[stage] + 0.55 * normal(rng)
  const reverse = new Set((def.scales ?? []).flatMap((s) => s.reverse ?? []))
  const answers: SurveyAnswers = {}
  for (const item of surveyItems(def)) {
    const q = item.question
    switch (item.type) {
      case 'likert': {
        const value = clamp(mood + 0.7 * normal(rng), 1, 5)
        answers[item.id] = reverse.has(item.id) ? 6 - value : value
        break
      }
      case 'scale10':
        answers[item.id] = clamp(2 * mood + 1.2 * normal(rng), 0, 10)
        break
      case 'single':
        if (q.type === 'single') answers[item.id] = leaning(rng, q.options).id
        break
      case 'multiple':
        if (q.type === 'multiple') {
          const none = q.options.find((o) => o.id === 'none')
          const others = q.options.filter((o) => o !== none)
          answers[item.id] = none && rng.chance(0.06) ? [none.id] : rng.sample(others, rng.int(1, Math.min(3, others.length))).map((o) => o.id)
        }
        break
      case 'text':
        if (isRequired(q) || rng.chance(0.1)) answers[item.id] = rng.pick(COMMENTS[lang])
        break
    }
  }
  return answers
}
