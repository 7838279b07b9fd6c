/** The longest source a side may post. */
export const MAX_SOURCE = 200_000

// The sources stand outside the save form and join it by id: each side's
// preview holds the lesson's own quiz forms, and a form inside a form would
// end the outer one where the inner one ends.
export const FORM_ID = 'lesson-form'
