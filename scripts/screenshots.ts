// Takes screenshots of pages at 360 and 1280 pixels wide, for people to look at.
// Usage: node --import tsx scripts/screenshots.ts <base-url> <out-dir> [path|login:email:password ...]
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from '@playwright/test'

const [base = 'http://localhost:3000', out = 'tests/.tmp/screenshots', ...steps] = process.argv.slice(2)
fs.mkdirSync(out, { recursive: true })
const browser = await chromium.launch({
  executablePath: fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
for (const width of [360, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: width === 360 ? 740 : 900 } })
  const page = await context.newPage()
  for (const step of steps) {
    if (step.startsWith('login:')) {
      const [, email, password] = step.split(':')
      await page.goto(`${base}/login`)
      await page.locator('input[name=login]').fill(email!)
      await page.locator('input[name=password]').fill(password!)
      await page.locator('form#login button[type=submit]').click()
      await page.waitForLoadState('networkidle')
      continue
    }
    await page.goto(base + step)
    await page.waitForLoadState('networkidle')
    const name = `${width}-${step.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}.png`
    await page.screenshot({ path: path.join(out, name), fullPage: true })
    console.log(path.join(out, name))
  }
  await context.close()
}
await browser.close()
