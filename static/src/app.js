// Conference prep: progressive enhancement for GOV.UK Frontend components
// (character count, error summary focus, conditional radios, skip link…).
// `npm run build` bundles this file with the GOV.UK Frontend code it imports
// into one fingerprinted file, static/dist/app.<hash>.js (scripts/build-assets.mjs).
// No inline scripts: this file replaces GOV.UK Frontend's template snippet.

// Only the components our templates use, not initAll(), so the bundle leaves
// out the rest of GOV.UK Frontend (about 4 kB less gzipped on every first
// visit). The build fails if a template uses a component missing here.
import {
  Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, FileUpload, NotificationBanner, Radios, SkipLink,
  createAll
} from 'govuk-frontend'

// GOV.UK Frontend 6 only checks `govuk-frontend-supported` (its CSS and JS no
// longer use `js-enabled`; we keep that too for our own styles). Browsers that
// run module scripts are the browsers GOV.UK Frontend supports.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

for (const Component of [Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, FileUpload, NotificationBanner,
  Radios, SkipLink]) {
  createAll(Component)
}

// --- our own small modules (no inline script: the CSP forbids it) -------------

// "Print this page" and "Copy the code" on the resume-code page. Without
// JavaScript these buttons stay hidden (.app-js-only) and the page says what to do.
for (const button of document.querySelectorAll('[data-module="app-print"]')) {
  button.addEventListener('click', () => window.print())
}
for (const button of document.querySelectorAll('[data-module="app-copy"]')) {
  button.addEventListener('click', async () => {
    const target = document.getElementById(button.dataset.copyTarget)
    try {
      await navigator.clipboard.writeText(target.textContent.trim())
      button.textContent = button.dataset.copiedText
    } catch (error) {
      window.getSelection().selectAllChildren(target) // the parent can copy it by hand
    }
  })
}

// Idle timeout warning: two minutes before the session ends, ask if the parent
// is still there. "Stay on this page" tells the server (which resets its clock);
// otherwise, when time runs out, go to the page that explains how to resume.
const timeout = document.querySelector('[data-module="app-timeout-warning"]')
if (timeout) {
  const total = Number(timeout.dataset.timeoutSeconds) * 1000
  const warnBefore = Number(timeout.dataset.warnSeconds) * 1000
  const dialog = timeout.querySelector('dialog')
  let warnTimer, endTimer
  const start = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    warnTimer = setTimeout(() => {
      timeout.hidden = false
      if (dialog.showModal) dialog.showModal()
    }, Math.max(total - warnBefore, 0))
    endTimer = setTimeout(() => { window.location.href = timeout.dataset.timedOutUrl }, total)
  }
  timeout.querySelector('[data-stay]').addEventListener('click', async () => {
    const body = new URLSearchParams({ csrf_token: timeout.dataset.csrfToken })
    await fetch(timeout.dataset.stillHereUrl, { method: 'POST', body, credentials: 'same-origin' })
    if (dialog.open) dialog.close()
    timeout.hidden = true
    start()
  })
  start()
}
