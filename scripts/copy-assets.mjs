// Copies GOV.UK Frontend's JavaScript and our app.js into static/dist/, then
// copies only those GOV.UK Frontend assets that static/dist/app.css refers to.
// Fails if the CSS refers to anything outside our own origin.
// Also fails if a template uses a GOV.UK Frontend component or class whose
// styles are not compiled in (app.scss only includes the components we use).
// Run after the Sass step: `npm run build`.

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const dist = join(root, 'static', 'dist')
const assetsUrl = '/static/dist/assets/' // must match $govuk-assets-path in app.scss

function copy (from, to) {
  mkdirSync(dirname(to), { recursive: true })
  copyFileSync(from, to)
  console.log(`copied ${to.slice(root.length + 1)}`)
}

// JavaScript: GOV.UK Frontend ES module (+ its source map, as the package
// recommends) and our entry module.
copy(join(govuk, 'govuk-frontend.min.js'), join(dist, 'govuk-frontend.min.js'))
copy(join(govuk, 'govuk-frontend.min.js.map'), join(dist, 'govuk-frontend.min.js.map'))
copy(join(root, 'static', 'src', 'app.js'), join(dist, 'app.js'))

// Assets referenced by the compiled CSS (none with our settings).
const css = readFileSync(join(dist, 'app.css'), 'utf8')
const urls = [...css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)].map((m) => m[2])
const problems = []
for (const url of new Set(urls)) {
  if (!url.startsWith(assetsUrl)) {
    problems.push(`app.css refers to ${url}, outside ${assetsUrl}`)
    continue
  }
  const file = url.slice(assetsUrl.length).split(/[?#]/)[0]
  const from = join(govuk, 'assets', file)
  if (!existsSync(from)) {
    problems.push(`app.css refers to ${url}, not found in govuk-frontend assets`)
    continue
  }
  copy(from, join(dist, 'assets', file))
}

// Every GOV.UK Frontend macro and class the templates use must have its CSS.
// (Classes added only by GOV.UK Frontend's JavaScript are not in templates.)
const templates = join(root, 'templates')
const used = new Map() // class or component -> first template using it
function note (name, file) { if (!used.has(name)) used.set(name, file) }
for (const entry of readdirSync(templates, { recursive: true })) {
  const file = String(entry)
  if (!file.endsWith('.html')) continue
  const text = readFileSync(join(templates, file), 'utf8')
  for (const m of text.matchAll(/components\/([a-z-]+)\/macro\.html/g)) note(`govuk-${m[1]}`, file)
  for (const m of text.matchAll(/(?:class|classes)"?\s*[=:]\s*"([^"]*)"/g)) {
    for (const name of m[1].match(/\bgovuk-[a-z0-9_!-]+/g) || []) note(name, file)
  }
}
const missing = [...used].filter(([name]) => {
  const selector = ('.' + name.replaceAll('!', '\\!')).replace(/[.\\!]/g, '\\$&')
  return !new RegExp(selector + '(?![a-z0-9]|-[a-z0-9])').test(css)
})
for (const [name, file] of missing) {
  problems.push(`templates/${file} uses ${name}, which app.css does not style: ` +
    'add its component to the list in static/src/app.scss (and its RTL rules to _rtl.scss)')
}
console.log(`templates use ${used.size} GOV.UK Frontend components and classes, ${missing.length} not in app.css`)

if (problems.length) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(`app.css refers to ${urls.length} asset URL(s)`)
