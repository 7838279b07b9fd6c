// A queued invitation's text holds this place for the link to set a first
// password: the link is made when the mail is sent (invitation.server.ts), and
// the outbox shows the place as an elided link (mail/outbox.server.ts).

/** Stands in a queued mail's text for the link the mail carries when it is sent. */
export const INVITATION_LINK = '{{invitation-link}}'
