import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import uppyCoreStyles from '@uppy/core/css/style.min.css?url'
import uppyDashboardStyles from '@uppy/dashboard/css/style.min.css?url'
import { useCallback, useState } from 'react'
import { z } from 'zod'
import { formatBytes, MediaUploader, type UploadNotice } from '#app/components/media-uploader.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireCourseEditor } from '#app/http/course-editor.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { currentCourseTitle } from '#app/modules/authoring/history.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { acceptFormUpload, describeRefusal, FORM_UPLOAD_BYTES, listCourseMedia, removeMedia } from '#app/modules/media/library.server.ts'
import { MEDIA_EXTENSIONS, MEDIA_LIMITS } from '#app/modules/media/sniff.server.ts'
import mediaStyles from '#app/styles/media.css?url'

// A course's media library: the files its lessons may use, an uploader that
// resumes (Uppy and tus, server/tus.ts) and, without JavaScript, a plain form
// for files up to 50 MB. Only the course's authors come here.

export const handle: PageHandle = { title: staffTitle('media.title') }

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: uppyCoreStyles },
  { rel: 'stylesheet', href: uppyDashboardStyles },
  { rel: 'stylesheet', href: mediaStyles },
]

const RemoveSchema = z.object({ intent: z.literal('remove'), mediaId: z.string().min(1).max(32) })

export async function loader(args: LoaderFunctionArgs) {
  const { courseId } = await requireCourseEditor(args)
  const { work } = args.context
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    courseId,
    title: await currentCourseTitle(work, courseId),
    media: await listCourseMedia(work, courseId),
    limits: MEDIA_LIMITS,
    extensions: MEDIA_EXTENSIONS,
    formMax: FORM_UPLOAD_BYTES,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, courseId } = await requireCourseEditor(args)
  const { request, context } = args
  const locale = resolveLocale(request, context)
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const result = await acceptFormUpload(context.work, request, { courseId, userId: user.id })
    if (!result.ok) return data({ ok: false, text: describeRefusal(locale, result.refusal) }, { status: result.refusal.status })
    return { ok: true, text: translate(locale, 'media.uploaded', { name: result.media.name }) }
  }
  const submission = await parseForm(request, RemoveSchema)
  if (submission.status !== 'success') return data({ ok: false, text: translate(locale, 'media.error.notFound') }, { status: 400 })
  const removed = await removeMedia(context.work, courseId, submission.value.mediaId)
  if (!removed.ok) return data({ ok: false, text: translate(locale, removed.error) }, { status: removed.error === 'media.error.published' ? 409 : 404 })
  return { ok: true, text: translate(locale, 'media.removed', { name: removed.value.name }) }
}

export default withStaffMessages(MediaLibrary)

function MediaLibrary() {
  const { courseId, title, media, limits, extensions, formMax } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const size = (bytes: number) => formatBytes(bytes, t, f.number)
  const [notices, setNotices] = useState<UploadNotice[]>([])
  const onNotice = useCallback((notice: UploadNotice) => setNotices((list) => [...list.slice(-4), notice]), [])
  const shown = actionData ? [actionData, ...notices] : notices
  const busy = navigation.state === 'submitting'

  const plainForm = (
    <Form method="post" encType="multipart/form-data" className="media-form card stack">
      <div className="field">
        <label htmlFor="media-file">{t('media.upload.file')}</label>
        <p id="media-file-help" className="field-description">
          {t('media.upload.plainHelp', { max: size(formMax) })}
        </p>
        <input
          id="media-file"
          name="file"
          type="file"
          required
          accept={Object.keys(extensions)
            .map((e) => `.${e}`)
            .join(',')}
          aria-describedby="media-limits media-file-help"
        />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('media.upload.submit')}
      </button>
    </Form>
  )

  return (
    <section className="page media-library" aria-labelledby="media-title">
      <p className="breadcrumbs">
        <Link to={`/author/${courseId}`}>{t('history.back')}</Link>
      </p>
      <h1 id="media-title">{t('media.title')}</h1>
      <p className="eyebrow">{t('media.course', { title: (title && pickLocalized(title, locale)) || courseId })}</p>
      <p className="lead">{t('media.intro')}</p>

      <h2 id="upload-title">{t('media.upload.title')}</h2>
      <p id="media-limits">
        {t('media.upload.limits', { video: size(limits.video), pdf: size(limits.pdf), image: size(limits.image), captions: size(limits.captions) })}
      </p>
      <MediaUploader courseId={courseId} limits={limits} extensions={extensions} onNotice={onNotice} fallback={plainForm} />
      <div className="media-notices" role="status" aria-live="polite">
        {shown.map((n, i) => (
          <p key={`${i}-${n.text}`} className={n.ok ? 'notice notice--success' : 'form-errors'}>
            {n.text}
          </p>
        ))}
      </div>

      <h2 id="files-title">{t('media.list.title')}</h2>
      {media.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="files-title">
          <table className="media-table">
            <thead>
              <tr>
                <th scope="col">{t('media.col.name')}</th>
                <th scope="col">{t('media.col.kind')}</th>
                <th scope="col">{t('media.col.size')}</th>
                <th scope="col">{t('media.col.date')}</th>
                <th scope="col">{t('media.col.status')}</th>
                <th scope="col">{t('media.col.url')}</th>
                <th scope="col">{t('media.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {media.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="media-table__name">
                    {m.name}
                  </th>
                  <td>{t(`media.kind.${m.kind}`)}</td>
                  <td className="media-table__size">{size(m.size)}</td>
                  <td>{f.dateTime(m.createdAt)}</td>
                  <td>{t(m.published ? 'media.status.published' : 'media.status.draft')}</td>
                  <td className="media-table__url">
                    <code>{m.url}</code>
                  </td>
                  <td>
                    {m.published ? null : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="mediaId" value={m.id} />
                        <button type="submit" className="button button--quiet" disabled={busy} aria-label={t('media.remove.label', { name: m.name })}>
                          {t('media.remove')}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('media.list.empty')}</p>
      )}
    </section>
  )
}
