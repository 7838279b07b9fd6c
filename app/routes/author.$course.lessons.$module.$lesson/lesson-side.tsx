import type { useLoaderData } from '@remix-run/react'
import { LessonSourceEditor, type LessonSourceEditorHandle } from '#app/components/authoring/lesson-source-editor.tsx'
import { PreviewPane } from '#app/components/authoring/preview-pane.tsx'
import { useLivePreview, type PreviewResponse } from '#app/components/authoring/use-live-preview.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { FORM_ID, MAX_SOURCE } from './limits.ts'
import type { loader } from './route.tsx'

// One language of the lesson: its source (joined to the save form by id) and its live preview.

type Side = ReturnType<typeof useLoaderData<typeof loader>>['sides'][number]

export function LessonSide({
  side,
  courseId,
  text,
  problemsFromPost,
  onChange,
  editorRef,
  onFocus,
}: {
  side: Side
  courseId: string
  text: string
  problemsFromPost: PreviewResponse | null
  onChange: (value: string) => void
  editorRef: (handle: LessonSourceEditorHandle | null) => void
  onFocus: () => void
}) {
  const t = useT()
  const f = useFormat()
  const initial = problemsFromPost ?? side.preview
  const preview = useLivePreview(courseId, side.lang, text, { initial: { source: text, result: initial } })
  const langName = t(`authoring.lang.${side.lang}`)
  return (
    <div className="editor-side" lang={side.lang} onFocus={onFocus}>
      <input type="hidden" name={`hash_${side.lang}`} value={side.hash} form={FORM_ID} />
      <LessonSourceEditor
        ref={editorRef}
        name={`source_${side.lang}`}
        form={FORM_ID}
        id={`source-${side.lang}`}
        label={t('authoring.editor.sourceIn', { lang: langName })}
        description={
          <>
            <code>{side.path}</code>
            {side.inDraft && side.changedAt ? <> · {t('authoring.editor.changedAt', { date: f.dateTime(side.changedAt) })}</> : null}
            {side.conflict ? (
              <>
                {' '}
                · <strong className="text-danger">{t('authoring.lesson.conflict')}</strong>
              </>
            ) : null}
          </>
        }
        defaultValue={text}
        onValueChange={onChange}
        problems={preview.problems}
        maxLength={MAX_SOURCE}
      />
      <PreviewPane preview={preview} lang={side.lang} heading={t('authoring.editor.previewIn', { lang: langName })} />
    </div>
  )
}
