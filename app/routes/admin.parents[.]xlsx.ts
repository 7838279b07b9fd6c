import type { LoaderFunctionArgs } from '@remix-run/node'
import { attendanceDownload } from '#app/http/attendance-download.server.ts'

// The attendance report's current table as an Excel workbook; its twin is parents.csv.
export const loader = (args: LoaderFunctionArgs) => attendanceDownload(args, 'xlsx')
