// The photo a parent chooses on the child's views step, shown before it is sent.
//
// Without JavaScript the file box is a plain one and the server checks the photo when the
// page is saved. With it, the chosen photo is shown under the box straight away (read on
// the phone, as a data: URL, which the CSP allows for images; nothing is sent), and a file
// too big to be used, or not a photo, is said so at once and taken out of the box, so a
// parent on a pay-as-you-go plan does not send 50 MB for nothing. The server still checks
// everything (prep/drawings.py): this only saves a wasted wait.

const TYPES = ['image/jpeg', 'image/png', 'image/webp']

export function initPhotoPreview () {
  for (const input of document.querySelectorAll('input[type="file"][data-max-bytes]')) {
    unhideComma(input)
    const group = input.closest('.govuk-form-group')
    const preview = group && group.querySelector('.app-photo-preview')
    const message = group && group.querySelector('.app-photo-check')
    if (!preview || !message) continue
    const image = preview.querySelector('img')
    let clearing = false

    input.addEventListener('change', () => {
      if (clearing) return
      const file = input.files && input.files[0]
      preview.hidden = true
      image.removeAttribute('src')
      message.hidden = true
      if (!file) return
      let problem = ''
      if (file.size > Number(input.dataset.maxBytes)) problem = input.dataset.tooBigText
      else if (file.type && !TYPES.includes(file.type)) problem = input.dataset.notAPhotoText
      if (problem) {
        message.textContent = problem
        message.hidden = false
        clearing = true
        input.value = '' // not sent: the box is empty again
        input.dispatchEvent(new Event('change', { bubbles: true })) // GOV.UK's box says "No photo chosen"
        clearing = false
        return
      }
      const reader = new FileReader()
      reader.addEventListener('load', () => {
        image.src = String(reader.result)
        preview.hidden = false
      })
      reader.readAsDataURL(file)
    })
  }
}

// GOV.UK Frontend's file upload button is named by its label, a visually hidden comma and
// its own text (aria-labelledby). The comma sits inside the button, so tools that compare a
// control's visible text with its name (axe's label-content-name-mismatch, WCAG 2.5.3) see
// text the name leaves out. Moved just outside the button it is still read in the same place
// (the name is built from the ids), and the button holds only what it shows.
function unhideComma (input) {
  const button = input.closest('.govuk-file-upload-wrapper')?.querySelector('.govuk-file-upload-button')
  const comma = button && document.getElementById(`${button.id}-comma`)
  if (comma && button.contains(comma)) button.before(comma)
}
