// Builds the front end into static/dist/ (`npm run build`):
// - app.scss → app.<hash>.css (Sass, compressed)
// - app.js and the GOV.UK Frontend modules it imports → one app.<hash>.js
//   (esbuild: bundled, tree-shaken, minified); its source map goes to build/sourcemaps/, not served
// - a .gz and a .br copy of each CSS and JS file, served by prep/assets.py
//   (WhiteNoise) to browsers that accept them, so nothing is compressed per request
// - manifest.json: {"app.css": "app.<hash>.css", ...}, read by asset_url() in templates
// The hash is of the file's content, so a file's URL changes whenever it does and
// browsers may cache it for a year (Cache-Control: immutable).
//
// Fails (exit 1, nothing half-built left behind to serve) if:
// - the CSS refers to anything outside our own origin or to a missing asset;
// - a template uses a GOV.UK Frontend component or class whose styles are not
//   compiled in (app.scss only includes the components we use);
// - a template uses a GOV.UK Frontend component with JavaScript that app.js
//   does not import and initialise;
// - a template asks asset_url() for a name that is not in the manifest.

import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib'

import * as esbuild from 'esbuild'
import * as sass from 'sass'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const dist = join(root, 'static', 'dist')
const templates = join(root, 'templates')
const assetsUrl = '/static/dist/assets/' // must match $govuk-assets-path in app.scss
const problems = []

const fingerprint = (content) => createHash('sha256').update(content).digest('hex').slice(0, 8)
const show = (file) => relative(root, file)

// Build into a fresh folder, so files from an earlier build are never served.
const building = join(root, 'static', '.dist-building')
rmSync(building, { recursive: true, force: true })
mkdirSync(building, { recursive: true })

function write (name, content) {
  const file = join(building, name)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, content)
}

// --- CSS ---------------------------------------------------------------------
const css = sass.compile(join(root, 'static', 'src', 'app.scss'), {
  style: 'compressed', loadPaths: [join(root, 'node_modules')], sourceMap: false
}).css

// Assets referenced by the compiled CSS (none with our settings): copied under
// their own names, as $govuk-assets-path expects.
const urls = [...css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)].map((m) => m[2])
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
  mkdirSync(dirname(join(building, 'assets', file)), { recursive: true })
  copyFileSync(from, join(building, 'assets', file))
}

// --- JavaScript: one bundle, so there are no module imports to fingerprint ----
const js = await esbuild.build({
  entryPoints: [join(root, 'static', 'src', 'app.js')],
  bundle: true,
  minify: true,
  format: 'esm', // loaded with <script type="module">, as GOV.UK Frontend requires
  sourcemap: 'external',
  legalComments: 'none',
  metafile: true,
  write: false,
  outdir: building,
  logLevel: 'warning'
})
const jsCode = js.outputFiles.find((f) => f.path.endsWith('.js')).text
const jsMap = js.outputFiles.find((f) => f.path.endsWith('.js.map')).text

// --- fingerprinted names, precompressed copies, manifest ---------------------
// Each file's name carries the hash of its exact bytes (app.js names its source
// map, so the map is named first).
const manifest = {}
function emit (name, content, { compress = true } = {}) {
  const dot = name.lastIndexOf('.')
  const hashed = `${name.slice(0, dot)}.${fingerprint(content)}${name.slice(dot)}`
  write(hashed, content)
  if (compress) {
    write(`${hashed}.gz`, gzipSync(content, { level: 9 }))
    write(`${hashed}.br`, brotliCompressSync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }))
  }
  manifest[name] = hashed
  return hashed
}
emit('app.css', Buffer.from(css))
emit('app.js', Buffer.from(jsCode))
// The source map is for developers only: kept in build/sourcemaps/, never served (it would
// publish the sources); load it into the browser's developer tools by hand when needed.
const maps = join(root, 'build', 'sourcemaps')
mkdirSync(maps, { recursive: true })
writeFileSync(join(maps, `${manifest['app.js']}.map`), jsMap)
write('manifest.json', JSON.stringify(manifest, null, 2) + '\n')

// --- checks against the templates ---------------------------------------------
const used = new Map() // class or component -> first template using it
const modules = new Map() // data-module="govuk-…" a template or its macros put on the page -> template
const assetNames = new Map() // asset_url('…') -> template
// data-module="govuk-x" in HTML, "data-module": "govuk-x" in a macro's attributes
const dataModule = /data-module"?\s*[=:]\s*"(govuk-[a-z-]+)"/g
function note (map, name, file) { if (!map.has(name)) map.set(name, file) }

// The data-module names a GOV.UK Frontend component puts on the page, with the
// components its own template uses (e.g. character count → textarea).
function componentModules (component, seen = new Set()) {
  if (seen.has(component)) return []
  seen.add(component)
  const template = join(govuk, 'components', component, 'template.njk')
  if (!existsSync(template)) return []
  const text = readFileSync(template, 'utf8')
  return [
    ...[...text.matchAll(dataModule)].map((m) => m[1]),
    ...[...text.matchAll(/"\.\.\/([a-z-]+)\/macro\.njk"/g)].flatMap((m) => componentModules(m[1], seen))
  ]
}

for (const entry of readdirSync(templates, { recursive: true })) {
  const file = String(entry)
  if (!file.endsWith('.html')) continue
  const text = readFileSync(join(templates, file), 'utf8')
  for (const m of text.matchAll(/components\/([a-z-]+)\/macro\.html/g)) {
    note(used, `govuk-${m[1]}`, file)
    for (const name of componentModules(m[1])) note(modules, name, file)
  }
  for (const m of text.matchAll(/(?:class|classes)"?\s*[=:]\s*"([^"]*)"/g)) {
    for (const name of m[1].match(/\bgovuk-[a-z0-9_!-]+/g) || []) note(used, name, file)
  }
  for (const m of text.matchAll(dataModule)) note(modules, m[1], file)
  for (const m of text.matchAll(/asset_url\(\s*(['"])([^'"]+)\1/g)) note(assetNames, m[2], file)
}

// Every GOV.UK Frontend macro and class the templates use must have its CSS.
// (Classes added only by GOV.UK Frontend's JavaScript are not in templates.)
const missing = [...used].filter(([name]) => {
  const selector = ('.' + name.replaceAll('!', '\\!')).replace(/[.\\!]/g, '\\$&')
  return !new RegExp(selector + '(?![a-z0-9]|-[a-z0-9])').test(css)
})
for (const [name, file] of missing) {
  problems.push(`templates/${file} uses ${name}, which app.css does not style: ` +
    'add its component to the list in static/src/app.scss (and its RTL rules to _rtl.scss)')
}
console.log(`templates use ${used.size} GOV.UK Frontend components and classes, ${missing.length} not in app.css`)

// Every GOV.UK Frontend component with JavaScript on our pages must be in the bundle.
const bundled = Object.keys(Object.values(js.metafile.outputs).find((o) => o.entryPoint).inputs)
for (const [name, file] of modules) {
  const component = name.slice('govuk-'.length)
  if (!existsSync(join(govuk, 'components', component, `${component}.mjs`))) continue // no JavaScript
  if (!bundled.some((input) => input.endsWith(`/components/${component}/${component}.mjs`))) {
    problems.push(`templates/${file} uses ${name}, whose JavaScript app.js does not load: ` +
      'import it in static/src/app.js and add it to the createAll list')
  }
}

for (const [name, file] of assetNames) {
  if (!(name in manifest)) problems.push(`templates/${file} asks for asset_url('${name}'), which the build does not make`)
}

if (problems.length) {
  rmSync(building, { recursive: true, force: true })
  console.error(problems.join('\n'))
  process.exit(1)
}

// Only a complete, checked build replaces the previous one.
rmSync(dist, { recursive: true, force: true })
renameSync(building, dist)
for (const [name, hashed] of Object.entries(manifest)) {
  if (name.endsWith('.map')) continue
  const size = (suffix) => readFileSync(join(dist, hashed + suffix)).length
  console.log(`${name} → ${show(join(dist, hashed))}: ${size('')} bytes, ${size('.gz')} gzip, ${size('.br')} brotli`)
}
console.log(`app.css refers to ${urls.length} asset URL(s); GOV.UK Frontend JavaScript for ${[...modules.keys()].join(', ')}; ` +
  `${basename(dist)}/manifest.json lists ${Object.keys(manifest).length} file(s)`)
