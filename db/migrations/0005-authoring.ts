import type { Kysely } from 'kysely'

// Authoring in the app: the files of every course version (content-addressed
// blobs), the course's working draft, the course's authors, and the media
// library with its resumable uploads. Portable as 0001.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_blobs')
    .addColumn('hash', 'text', (c) => c.primaryKey()) // SHA-256 of text
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  // Paths are relative to the course folder: course.yml, kk/01-module/01-lesson.mdx.
  await db.schema
    .createTable('course_version_files')
    .addColumn('course_version_id', 'text', (c) => c.notNull().references('course_versions.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('blob_hash', 'text', (c) => c.notNull().references('content_blobs.hash'))
    .addColumn('changed_at', 'text', (c) => c.notNull()) // when this file's text last changed, carried across versions
    .addPrimaryKeyConstraint('course_version_files_pk', ['course_version_id', 'path'])
    .execute()

  // The draft is what differs from the published version: a row per file
  // written in the app (text null: the file is removed).
  await db.schema
    .createTable('draft_files')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('base_hash', 'text') // the published file's blob when editing began; null for a new file
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('draft_files_pk', ['course_id', 'path'])
    .execute()

  // "The languages of this lesson are in step", said by an author at a time.
  await db.schema
    .createTable('parity_acks')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('lesson_key', 'text', (c) => c.notNull()) // <module>/<lesson>
    .addColumn('acked_at', 'text', (c) => c.notNull())
    .addColumn('acked_by', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('parity_acks_pk', ['course_id', 'lesson_key'])
    .execute()

  await db.schema
    .createTable('course_editors')
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_by', 'text', (c) => c.references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('course_editors_pk', ['course_id', 'user_id'])
    .execute()
  await db.schema.createIndex('course_editors_user').on('course_editors').column('user_id').execute()

  await db.schema
    .createTable('media_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // video | pdf | image | captions
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull()) // the uploader's file name, cleaned; never a path
    .addColumn('uploaded_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text') // set when a published version first uses it: from then on public
    .addColumn('deleted_at', 'text')
    .execute()
  await db.schema.createIndex('media_files_course').on('media_files').columns(['course_id', 'created_at']).execute()
  await db.schema.createIndex('media_files_sha').on('media_files').column('sha256').execute()

  // A resumable upload in progress (tus), and who may continue it.
  await db.schema
    .createTable('media_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the tus upload id
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text') // the library entry it became
    .addColumn('error', 'text') // why it was refused (an i18n key)
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['media_uploads', 'media_files', 'course_editors', 'parity_acks', 'draft_files', 'course_version_files', 'content_blobs']) {
    await db.schema.dropTable(table).execute()
  }
}
