import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requireCourseEditor } from '#app/http/course-editor.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { Slug } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { lessonFiles, loadWorkingCopy } from '#app/modules/authoring/draft.server.ts'
import { CONTENT_LANGS, type ContentLang } from '#app/modules/content/manifest.ts'

export async function lessonArgs(args: LoaderFunctionArgs) {
  const { user, courseId } = await requireCourseEditor(args)
  const { module: moduleId, lesson: lessonId } = parseParams(args.params, { module: Slug, lesson: Slug })
  const copy = await loadWorkingCopy(args.context.work, courseId)
  const files = lessonFiles(copy, moduleId, lessonId)
  invariantResponse(files.length, 'error.notFound.text', { status: 404 })
  return { user, courseId, moduleId, lessonId, copy, files }
}

// A side's source and the hash it was opened at; a language the lesson lacks is simply absent.
const sideFields = Object.fromEntries(
  CONTENT_LANGS.flatMap((lang) => [
    [`source_${lang}`, z.string().default('')],
    [`hash_${lang}`, z.string().default('')],
  ]),
) as Record<`${'source' | 'hash'}_${ContentLang}`, z.ZodDefault<z.ZodString>>

// Enter in the editor submits without a button: that is a save.
export const LessonFormSchema = z.preprocess(
  (value) => (value && typeof value === 'object' && !('intent' in value && value.intent) ? { ...value, intent: 'save' } : value),
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('save'), inStep: z.string().optional(), ...sideFields }),
    z.object({ intent: z.literal('preview'), ...sideFields }),
    z.object({ intent: z.literal('remove'), confirm: z.string().optional() }),
  ]),
)
