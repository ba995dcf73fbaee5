// Nothing typed on a step page is lost, however the parent leaves it.
//
// - Before a Save press is sent, the page is saved in the background; with no signal
//   the page stays as it is and says so ("No signal…"), instead of the browser's
//   offline page replacing it in the history.
// - When the page is hidden (another app, the Back gesture, a closed tab) what was
//   typed since the last save is sent with `keepalive`, so it arrives even as the
//   page goes away.
// - "Exit this page" sends the page's last words with sendBeacon as it leaves.
// The server's answer to a background save carries a fresh stamp (version and
// fingerprints, see prep/step_saving.py) so the next save is not taken for another tab's.

const FORM = '[data-module="app-step-form"]'

export function stepForm () {
  return document.querySelector(FORM)
}

// A background save carries the typed answers only: a photo chosen but not yet added is sent
// with the button the parent presses (a beacon could not carry it, and it must not go twice).
function formData (form) {
  const data = new FormData(form)
  for (const input of form.querySelectorAll('input[type="file"][name]')) data.delete(input.name)
  data.set('js', '1')
  return data
}

function updateStamp (form, answer) {
  if (answer && typeof answer.version === 'number') {
    form.elements.version.value = String(answer.version)
    form.elements.base.value = answer.base
  }
}

// Save now and wait for the answer. Resolves to 'saved', 'ended' (the session has
// closed: go to the page that explains) or 'offline'.
let leaving = false // set once a save ended the session: nothing more is sent from this page

export async function saveNow (form, then = '') {
  const url = form.dataset.autosaveUrl + (then ? `?then=${then}` : '')
  try {
    const response = await fetch(url, { method: 'POST', body: formData(form), credentials: 'same-origin' })
    if (!response.ok) return response.status >= 500 ? 'offline' : 'saved'
    const answer = await response.json()
    if (answer.ended) {
      leaving = true
      return 'ended'
    }
    updateStamp(form, answer)
    return 'saved'
  } catch (error) {
    return 'offline'
  }
}

export function sendLastWords (form, then = '') {
  if (leaving) return
  if (then) leaving = true
  const url = form.dataset.autosaveUrl + (then ? `?then=${then}` : '')
  const data = formData(form)
  if (!(navigator.sendBeacon && navigator.sendBeacon(url, data))) {
    fetch(url, { method: 'POST', body: data, credentials: 'same-origin', keepalive: true }).catch(() => {})
  }
}

export function initStepForm (onActivity) {
  const form = stepForm()
  if (!form) return
  const message = form.querySelector('.app-offline-message')
  let dirty = false
  let sending = false

  form.addEventListener('input', () => {
    dirty = true
    onActivity()
  })

  form.addEventListener('submit', async (event) => {
    if (sending) return
    event.preventDefault()
    const submitter = event.submitter
    const result = await saveNow(form)
    if (result === 'offline') {
      message.textContent = form.dataset.offlineText
      message.classList.add('govuk-error-message')
      message.hidden = false
      message.scrollIntoView({ block: 'center' })
      return
    }
    message.hidden = true
    if (result === 'ended') {
      window.location.href = document.querySelector('[data-module="app-timeout-warning"]')?.dataset.timedOutUrl || '/'
      return
    }
    dirty = false
    sending = true
    form.requestSubmit(submitter && submitter.form === form ? submitter : undefined)
  })

  // Hidden (another app, a locked screen) or going away (Back gesture, closed tab).
  document.addEventListener('visibilitychange', async () => {
    if (document.visibilityState === 'hidden' && dirty && !sending && !leaving) {
      dirty = false
      if (await saveNow(form) === 'offline') dirty = true
    }
  })
  window.addEventListener('pagehide', () => {
    if (dirty && !sending && !leaving) {
      dirty = false
      sendLastWords(form)
    }
  })
  return { form, isDirty: () => dirty, markSending: () => { sending = true } }
}
