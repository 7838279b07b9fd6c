/** Stands for the working copy (the draft) where a comparison names a version. Client-safe. */
export const DRAFT = 'draft'
