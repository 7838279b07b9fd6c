import type { Role } from '#db/schema.ts'

/** Every role, in the order admins see them. */
export const ROLES: [Role, ...Role[]] = ['teacher', 'trainer', 'parent', 'coordinator', 'regional_admin', 'admin']
