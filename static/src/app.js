// Conference prep: progressive enhancement for GOV.UK Frontend components
// (character count, error summary focus, conditional radios, skip link…).
// Served as /static/dist/app.js next to /static/dist/govuk-frontend.min.js.
// No inline scripts: this file replaces GOV.UK Frontend's template snippet.

import { initAll } from './govuk-frontend.min.js'

// GOV.UK Frontend 6 only checks `govuk-frontend-supported` (its CSS and JS no
// longer use `js-enabled`; we keep that too for our own styles). Browsers that
// run module scripts are the browsers GOV.UK Frontend supports.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
