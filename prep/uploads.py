"""Requests that carry files: how big they may be, and where their bytes go.

- A file is read into memory only (never into a temporary file on disk: a photo of a
  child's drawing must not be left lying about), and only up to UPLOAD_FILE_MAX_BYTES + 1
  bytes; the rest is read and dropped, and counted (`CappedFile.size`), so a 50 MB photo
  gets a message next to its box ("must be smaller than 20 MB, it is 50 MB") and every
  word typed around it is saved as usual, instead of a 413 page that loses them.
- The size of a whole request depends on where it goes (MAX_CONTENT_LENGTH and friends in
  prep/config.py): 1 MB for most, more for a step with many answers (report points),
  a step that takes photos, and an answers file that carries photos.
"""

from __future__ import annotations

import io

from flask import current_app

from .errors import StrictRequest


class CappedFile(io.BytesIO):
    """An uploaded file in memory, up to `cap` bytes; `size` is how many were sent."""

    def __init__(self, cap: int):
        super().__init__()
        self.cap = cap
        self.size = 0

    def write(self, data) -> int:
        length = len(data)
        self.size += length
        room = self.cap - self.getbuffer().nbytes
        if room > 0:
            super().write(bytes(data[:room]))
        return length

    @property
    def cut_short(self) -> bool:
        """More was sent than was kept."""
        return self.size > self.getbuffer().nbytes


class PrepRequest(StrictRequest):
    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return CappedFile(current_app.config["UPLOAD_FILE_MAX_BYTES"] + 1)

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        if not current_app:
            return super().max_content_length
        config = current_app.config
        endpoint = self.url_rule.endpoint if self.url_rule is not None else None
        if self.mimetype != "multipart/form-data":
            # Anything else (a form sent urlencoded) is read into memory whole: the usual limit.
            return config["MAX_CONTENT_LENGTH"]
        if endpoint in ("journey.step", "journey.autosave"):
            from .steps import STEPS_BY_ID

            step = STEPS_BY_ID.get((self.view_args or {}).get("step_id", ""))
            if step is not None and step.uploads:
                return config["UPLOAD_MAX_CONTENT_LENGTH"]
            return config["STEP_MAX_CONTENT_LENGTH"]
        if endpoint == "journey.import_answers":
            return config["IMPORT_MAX_CONTENT_LENGTH"]
        return config["MAX_CONTENT_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value
