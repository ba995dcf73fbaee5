"""The built front end: self-hosted, no GOV.UK crown or font, nothing from elsewhere."""

import json
import re

from prep.assets import DIST
from prep.steps import STEPS

MANIFEST = json.loads((DIST / "manifest.json").read_text())


def test_css_is_built_without_gds_font_or_outside_urls():
    css = (DIST / MANIFEST["app.css"]).read_text()
    assert "GDS Transport" not in css
    assert "url(" not in css  # no crest, no font files, nothing fetched
    assert ".app-answer" in css


def test_pages_load_only_their_own_assets(client):
    for url in ["/en/"] + [f"/en/step/{s.id}" for s in STEPS]:
        page = client.get(url).text
        for attr in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert attr.startswith(("/", "#")), (url, attr)
        assert "<script>" not in page  # no inline script: the CSP forbids it


def test_static_files_are_served(client):
    for name in ("app.css", "app.js"):
        assert client.get(f"/static/dist/{MANIFEST[name]}").status_code == 200
