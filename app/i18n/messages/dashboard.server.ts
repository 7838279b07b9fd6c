import { defineMessages } from '../locales.ts'

// The targets dashboard: uptake against the strategy's indicators.
export const dashboardMessages = defineMessages({
  'admin.nav.dashboard': { kk: 'Көрсеткіштер тақтасы', ru: 'Панель показателей', en: 'Dashboard' },
})
