import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { sourceHash, WEB_DIR } from './source-hash.ts'

const recordSourceHash = (): Plugin => ({
  name: 'rsqlflow-source-hash',
  closeBundle() { writeFileSync(join(WEB_DIR, 'dist', 'source-hash.txt'), `${sourceHash()}\n`) },
})

export default defineConfig({
  root: WEB_DIR,
  base: '/',
  plugins: [react(), recordSourceHash()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 800 },
})
