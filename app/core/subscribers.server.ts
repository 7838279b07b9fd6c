import type { Database } from '#db/client.server.ts'
import { refreshForEvents } from '#app/modules/metrics/subscriber.server.ts'
import type { DomainEvent } from './events.ts'

/** Handles a write's events inside its transaction, before the commit. */
export type Subscriber = (trx: Database, events: readonly DomainEvent[]) => Promise<void>

// Who listens to domain events. The only place that knows both sides: the
// modules that emit events import none of their subscribers.
export const SUBSCRIBERS: readonly Subscriber[] = [refreshForEvents]
