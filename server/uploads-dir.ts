import fs from 'node:fs'

/**
 * Makes sure UPLOADS_DIR is a directory the server can write: creates it when
 * missing; otherwise stops start-up with one line that names the variable
 * (not a stack trace from inside the upload store).
 */
export function ensureUploadsDir(dir: string): void {
  const problem = uploadsDirProblem(dir)
  if (problem) {
    console.error(`UPLOADS_DIR (${dir}) ${problem}`)
    process.exit(1)
  }
}

function uploadsDirProblem(dir: string): string | null {
  try {
    const stat = fs.statSync(dir, { throwIfNoEntry: false })
    if (!stat) {
      fs.mkdirSync(dir, { recursive: true })
      return null
    }
    if (!stat.isDirectory()) return 'is not a directory: point it at a directory, or at a path that does not exist yet'
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK)
    return null
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'is not writable by this process'
    return `cannot be used: ${error instanceof Error ? error.message : String(error)}`
  }
}
