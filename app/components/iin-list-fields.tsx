import { getInputProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import { Field, TextareaField } from './forms.tsx'

/**
 * Participants as a list of IINs: a pasted list and/or an uploaded CSV or
 * text file, each with its own errors (one per bad line, with its number).
 * The form around it must be multipart; the server reads it with
 * readIinListForm and the module with resolveIinLists.
 */
export function IinListFields({
  iins,
  iinFile,
  label,
  description,
  fileLabel,
  fileDescription,
}: {
  iins: FieldMetadata<string | undefined>
  iinFile: FieldMetadata<File | undefined>
  label: string
  description: string
  fileLabel: string
  fileDescription: string
}) {
  return (
    <>
      <TextareaField
        label={label}
        description={description}
        errors={iins.errors}
        errorId={iins.errorId}
        textareaProps={{ ...getTextareaProps(iins), rows: 6, spellCheck: false, autoComplete: 'off' }}
      />
      <Field
        label={fileLabel}
        description={fileDescription}
        errors={iinFile.errors}
        errorId={iinFile.errorId}
        inputProps={{ ...getInputProps(iinFile, { type: 'file' }), accept: '.csv,.txt,text/csv,text/plain' }}
      />
    </>
  )
}
