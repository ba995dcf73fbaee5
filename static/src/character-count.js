// The character count, counting what the parent sees, as the server does
// (prep/text_length.py): a line break is one character, and so is an emoji or an
// Indic syllable such as ক্ষ. Intl.Segmenter gives the same grapheme clusters as the
// server's `regex` \X (tests/browser compare them); a browser without it counts
// code points, which is never less than the server's count.
import { CharacterCount } from 'govuk-frontend'

const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter
  ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  : null

export function countCharacters (text) {
  const value = text.replace(/\r\n?/g, '\n')
  if (segmenter) {
    let count = 0
    for (const _ of segmenter.segment(value)) count++ // eslint-disable-line no-unused-vars
    return count
  }
  return [...value].length
}

export class AppCharacterCount extends CharacterCount {
  updateCount () {
    if (this.config.maxwords) {
      super.updateCount()
      return
    }
    this.count = countCharacters(this.$textarea.value)
  }
}
