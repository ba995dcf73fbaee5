"""Page weight: each page, with everything it loads, is small enough for a slow phone
on a pay-as-you-go data plan; the built CSS and JS are cached, pages never are."""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import pytest

from prep import create_app, i18n
from prep.assets import DIST
from prep.config import ConfigError

from .conftest import app_config
from .page_weight import ACCEPT, BUDGET, PHOTO_BUDGET, weigh_all


@pytest.fixture(scope="module")
def weights(tmp_path_factory):
    return weigh_all(create_app(app_config(tmp_path_factory.mktemp("weight"))))


def test_every_page_in_every_language_is_within_budget(weights, capsys):
    largest = max(weights, key=lambda w: w.own)
    with capsys.disabled():
        print(f"\nlargest page: {largest.url} {largest.own:,} bytes of {BUDGET:,} without photos "
              f"(HTML {largest.html:,}, CSS {largest.kinds['css']:,}, JS {largest.kinds['js']:,}, "
              f"fonts {largest.kinds['fonts']:,}, photos {largest.kinds['images']:,}, other {largest.kinds['other']:,}; "
              f"{len(weights)} pages weighed)")
    # Every language, and more than the journey's steps in each.
    assert {w.url.split("/")[1] for w in weights} == {lang.code for lang in i18n.LANGUAGES}
    assert len(weights) >= len(i18n.LANGUAGES) * 15
    # Each page loads the stylesheet and the script (so they are counted).
    assert all(w.kinds["css"] and w.kinds["js"] for w in weights)
    over = [f"{w.url}: {w.own:,} bytes" for w in weights if w.own > BUDGET]
    assert not over, f"over {BUDGET:,} bytes:\n" + "\n".join(over)


def test_each_photo_shown_on_a_page_is_a_small_copy(weights):
    """The parent's photos (a camera's, about 90 KB each once cleaned) are shown as small
    copies: each within its own budget, so 3 of them add at most 36 KB to a page."""
    shown = {url: size for w in weights for url, size in w.photos.items()}
    assert len(shown) >= 6  # 3 on the step, 3 smaller ones on check answers, in each language
    over = [f"{url}: {size:,} bytes" for url, size in shown.items() if size > PHOTO_BUDGET]
    assert not over, f"over {PHOTO_BUDGET:,} bytes:\n" + "\n".join(over)


def test_the_photos_of_the_childs_drawing_are_counted(weights):
    # The child's views step and check answers show the 3 photos (small copies), weighed with them.
    by_url = {w.url: w for w in weights}
    for url in ("/en/step/child-views", "/en/check"):
        assert by_url[url].kinds["images"] > 0, url
        assert sum(1 for asset in by_url[url].assets if "/drawing/" in asset) == 3, url


def test_check_page_counts_what_the_user_typed(weights):
    # The largest pages are the ones showing answers: make sure they were filled in.
    check = {w.url: w for w in weights}
    assert check["/bn/check"].html > check["/bn/step/about-you"].html


def assets_on(client, url):
    page = client.get(url).text
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"|<script type="module" src="([^"]+)"', page)


def test_built_files_are_fingerprinted_compressed_and_cached_for_a_year(client):
    # The build's CSS and JS (the council's colour sheet is tested in test_profile.py).
    urls = [a or b for a, b in assets_on(client, "/en/") if (a or b).startswith("/static/")]
    assert len(urls) == 2
    for url in urls:
        plain = client.get(url)
        # The name carries a hash of the content: a new build is a new URL.
        digest = hashlib.sha256(plain.data).hexdigest()[:8]
        assert re.fullmatch(rf"/static/dist/app\.{digest}\.(css|js)", url), url
        directives = {d.strip() for d in plain.headers["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=31536000", "immutable"}, url
        assert "no-store" not in plain.headers["Cache-Control"]
        assert plain.headers["X-Content-Type-Options"] == "nosniff"
        # Browsers that accept gzip get the smaller copy of the same bytes.
        zipped = client.get(url, headers=ACCEPT)
        assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
        assert gzip.decompress(zipped.data) == plain.data
        assert len(zipped.data) < len(plain.data) / 3
        assert "Content-Encoding" not in plain.headers  # a browser that asks for nothing gets plain bytes


def test_pages_are_never_cached_or_compressed(client):
    # Compressing a page holding the CSRF token next to reflected text invites BREACH.
    for url in ["/en/", "/en/step/about-you", "/en/resume", "/cy/step/worries"]:
        response = client.get(url, headers=ACCEPT)
        assert response.headers["Cache-Control"] == "no-store", url
        assert "Content-Encoding" not in response.headers, url


def test_start_up_fails_when_the_build_lacks_an_asset(tmp_path, monkeypatch):
    dist = tmp_path / "dist"
    dist.mkdir()
    manifest = json.loads((DIST / "manifest.json").read_text())
    (dist / manifest["app.css"]).write_bytes((DIST / manifest["app.css"]).read_bytes())
    (dist / "manifest.json").write_text(json.dumps({"app.css": manifest["app.css"]}))  # no app.js
    monkeypatch.setattr("prep.assets.DIST", dist)
    with pytest.raises(ConfigError, match=r"asset_url\('app.js'\) in base.html"):
        create_app(app_config(tmp_path))


def test_start_up_fails_without_a_build(tmp_path, monkeypatch):
    monkeypatch.setattr("prep.assets.DIST", tmp_path / "nothing-built")
    with pytest.raises(ConfigError, match="npm run build"):
        create_app(app_config(tmp_path))
