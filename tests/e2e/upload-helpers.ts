import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'

export const MB = 1024 * 1024

/** The lesson video padded with an MP4 'free' box to `size` bytes: still a valid MP4 that plays. */
export function paddedVideo(size: number): Buffer {
  const video = fs.readFileSync(path.resolve('content/media/child-wellbeing/early-signs.mp4'))
  const box = Buffer.alloc(size - video.length)
  box.writeUInt32BE(box.length, 0)
  box.write('free', 4, 'latin1')
  return Buffer.concat([video, box])
}

export interface TusRequest {
  method: string
  offset: number
  aborted: boolean
}

/**
 * Drops the connection once, on the first tus part sent at or past `atBytes`,
 * and records every tus request so a test can see how the upload carried on.
 */
export async function cutUploadOnce(page: Page, atBytes: number): Promise<TusRequest[]> {
  const requests: TusRequest[] = []
  await page.route('**/uploads/tus/*', async (route) => {
    const request = route.request()
    const offset = Number((await request.headerValue('upload-offset')) ?? -1)
    const cut = request.method() === 'PATCH' && offset >= atBytes && !requests.some((r) => r.aborted)
    requests.push({ method: request.method(), offset, aborted: cut })
    if (cut) await route.abort('connectionreset')
    else await route.continue()
  })
  return requests
}
