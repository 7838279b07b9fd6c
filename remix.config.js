// The single source of the Remix plugin options. The Vite plugin does not read
// this file by itself: vite.config.ts imports it and passes it to remix().
// Only appDirectory, future, ignoredRouteFiles, routes and serverModuleFormat
// pass through, so keep only those here. See docs/decisions/001-remix-config.md.

/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  appDirectory: 'app',
  ignoredRouteFiles: ['**/*.css', '**/*.test.*'],
  serverModuleFormat: 'esm',
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
}
