import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { pinTestClock } from './clock.ts'
import { TEST_PUBLIC_ORIGIN } from './work.ts'

// The process-wide settings the server sets at start-up (server/env.ts), set
// the same way in every test process: the pinned clock, and the public origin
// links are written with (a test may set its own with setPublicOrigin).
pinTestClock()
setPublicOrigin(TEST_PUBLIC_ORIGIN)
