// Idle timeout: two minutes before the session ends, ask if the parent is still there.
// Typing on the page counts as being there (the server is told, at most once a
// minute). When time runs out, a step page saves its answers first; then the page
// that explains how to get back is shown. With two tabs open, the server decides:
// if the other tab was in use lately, the session goes on and so does this page.
import { saveNow, stepForm } from './step-form.js'

export function initTimeout () {
  const timeout = document.querySelector('[data-module="app-timeout-warning"]')
  if (!timeout) return () => {}
  const total = Number(timeout.dataset.timeoutSeconds) * 1000
  const warnBefore = Number(timeout.dataset.warnSeconds) * 1000
  const dialog = timeout.querySelector('dialog')
  const token = () => new URLSearchParams({ csrf_token: timeout.dataset.csrfToken })
  let warnTimer, endTimer
  let lastPing = Date.now()

  const ping = () => {
    lastPing = Date.now()
    return fetch(timeout.dataset.stillHereUrl, { method: 'POST', body: token(), credentials: 'same-origin', keepalive: true })
      .catch(() => {})
  }
  // A page without a form: ask the server to end the session ('ended') unless another
  // tab kept it in use ('active').
  const checkSession = async () => {
    try {
      const response = await fetch(timeout.dataset.sessionCheckUrl, { method: 'POST', body: token(), credentials: 'same-origin' })
      return response.status === 204 ? 'active' : 'ended'
    } catch (error) {
      return 'offline'
    }
  }
  const end = async () => {
    const form = stepForm()
    const result = form ? await saveNow(form, 'timeout') : await checkSession()
    if (result === 'ended') {
      window.location.href = timeout.dataset.timedOutUrl
    } else if (result === 'offline') {
      // No signal: the answers could not be saved, so the page stays (with the question).
      endTimer = setTimeout(end, 30000)
    } else {
      start() // in use in another tab: carry on
    }
  }
  const start = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    if (dialog.open) dialog.close()
    timeout.hidden = true
    warnTimer = setTimeout(() => {
      timeout.hidden = false
      if (dialog.showModal) dialog.showModal()
    }, Math.max(total - warnBefore, 0))
    // A few seconds early, so the answers reach the server before it closes the session.
    endTimer = setTimeout(end, Math.max(total - 5000, 0))
  }
  timeout.querySelector('[data-stay]').addEventListener('click', async () => {
    await ping()
    start()
  })
  start()
  // Activity on the page (typing): the clock starts again here, and at most once a
  // minute on the server.
  return () => {
    if (!dialog.open) start()
    if (Date.now() - lastPing > 60000) ping()
  }
}
