// Conference prep: progressive enhancement for GOV.UK Frontend components
// (character count, error summary focus, conditional radios, skip link…).
// `npm run build` bundles this file with the GOV.UK Frontend code it imports
// into one fingerprinted file, static/dist/app.<hash>.js (scripts/build-assets.mjs).
// No inline scripts: this file replaces GOV.UK Frontend's template snippet.

// Only the components our templates use, not initAll(), so the bundle leaves
// out the rest of GOV.UK Frontend (about 4 kB less gzipped on every first
// visit). The build fails if a template uses a component missing here.
import {
  Button, Checkboxes, ErrorSummary, ExitThisPage, FileUpload, NotificationBanner, Radios, SkipLink,
  createAll
} from 'govuk-frontend'

import { AppCharacterCount } from './character-count.js'
import { initPhotoPreview } from './photo-preview.js'
import { initStepForm, sendLastWords, stepForm } from './step-form.js'
import { initTimeout } from './timeout.js'

// GOV.UK Frontend 6 only checks `govuk-frontend-supported` (its CSS and JS no
// longer use `js-enabled`; we keep that too for our own styles). Browsers that
// run module scripts are the browsers GOV.UK Frontend supports.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

for (const Component of [Button, AppCharacterCount, Checkboxes, ErrorSummary, ExitThisPage, FileUpload, NotificationBanner,
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

// A photo of the child's drawing: checked and shown before it is sent.
initPhotoPreview()

// Nothing typed is lost: saving in the background, the idle timeout, Exit.
const onActivity = initTimeout()
initStepForm(onActivity)

// "Exit this page" (button or Shift three times) sends the page's answers as it
// leaves, without waiting: the exit stays instant.
const exitPage = ExitThisPage.prototype.exitPage
ExitThisPage.prototype.exitPage = function () {
  const form = stepForm()
  if (form) sendLastWords(form, 'exit')
  exitPage.call(this)
}
