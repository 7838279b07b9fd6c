import path from 'node:path'

// The content folder the server was started with (CONTENT_DIR). Kept on
// globalThis because the server and the Remix build each load this module.
const holder = globalThis as typeof globalThis & { __orkenContentRoot?: string }

export function setContentRoot(root: string): void {
  holder.__orkenContentRoot = path.resolve(root)
}

export function contentRoot(): string {
  return holder.__orkenContentRoot ?? path.resolve('content')
}
