import type { LoaderFunctionArgs } from '@remix-run/node'
import { attendanceDownload } from '#app/http/attendance-download.server.ts'

// The attendance report's current table as CSV; its twin is parents.xlsx.
export const loader = (args: LoaderFunctionArgs) => attendanceDownload(args, 'csv')
