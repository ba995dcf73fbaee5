"""Weigh pages as a browser downloads them: the HTML plus every stylesheet, script,
module import and font it loads, in bytes as served (compressed where the server
compresses). Used by tests/test_page_weight.py and bench/bench_weight.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from prep import i18n
from prep.guidance import GUIDES
from prep.steps import STEPS

from .conftest import JourneyClient
from .journey_data import FULL_JOURNEY, walk

BUDGET = 60 * 1024  # bytes: HTML + CSS + JS + fonts for one page, on a first visit
# The parent's own photos are not the app's weight, but each small copy a page shows has a
# budget of its own (weighed with photo_like_jpeg(): a camera's photo, not flat colours).
PHOTO_BUDGET = 12 * 1024

# What browsers send. Brotli ("br", HTTPS only) is smaller still; gzip is the
# size every browser can get, so the budget is checked against it.
ACCEPT = {"Accept-Encoding": "gzip, deflate"}

# --- which pages -------------------------------------------------------------
# Every GET route whose only argument is the language is found by itself (so new
# guidance pages are weighed without listing them). Add anything else here:
# a path after /<lang>, fetched with GET once the whole journey has been answered.
EXTRA_PATHS = [f"/step/{step.id}" for step in STEPS] + [f"/guide/{guide.slug}" for guide in GUIDES]
# Pages only a form submission shows: (path after /<lang>, form data without the CSRF token).
FORM_PAGES = [("/save", {}), ("/send", {})]  # the resume code page; the sent page (after a redirect)
# Routes that only redirect until a form has been sent (they are weighed as FORM_PAGES).
AFTER_A_FORM = {"/send/sent"}


def page_paths(app) -> list[str]:
    """Paths after /<lang>: language-only GET routes, then EXTRA_PATHS."""
    found = sorted(rule.rule.split("<lang>", 1)[1] for rule in app.url_map.iter_rules()
                   if rule.arguments == {"lang"} and "GET" in rule.methods
                   and rule.rule.split("<lang>", 1)[1] not in AFTER_A_FORM)
    return found + [path for path in EXTRA_PATHS if path not in found]


# --- what a page loads ---------------------------------------------------------
class _Loads(HTMLParser):
    """<link rel=stylesheet href>, <link rel=modulepreload|preload href>, <script src>, <img src>
    (photos of the child's drawing: fetched from the draft with the page)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href") and {"stylesheet", "modulepreload", "preload"} & set(rel):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src") and not attrs["src"].startswith("data:"):
            self.urls.append(attrs["src"])


# Static `import … from "x"`, `export … from "x"`, `import "x"` and dynamic `import("x")`,
# also when minified (import{a as b}from"./x.js").
JS_IMPORT = re.compile(r"""\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+)["']"""
                       r"""|\bimport\s*\(\s*["']([^"']+)["']\s*\)""")
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")


def _kind(url: str) -> str:
    path = urlsplit(url).path
    if path.endswith(".css"):
        return "css"
    if path.endswith((".js", ".mjs")):
        return "js"
    if path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "fonts"
    if path.endswith((".jpg", ".jpeg", ".png", ".webp")):
        return "images"
    return "other"


@dataclass
class Weight:
    url: str
    html: int
    assets: dict[str, int] = field(default_factory=dict)  # asset URL -> bytes as served
    kinds: dict[str, int] = field(default_factory=lambda: {"css": 0, "js": 0, "fonts": 0, "images": 0, "other": 0})

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())

    @property
    def own(self) -> int:
        """What the app itself sends: everything but the parent's photos."""
        return self.total - self.kinds["images"]

    @property
    def photos(self) -> dict[str, int]:
        return {url: size for url, size in self.assets.items() if _kind(url) == "images"}


class Weigher:
    """Fetches each asset once (twice: as served, and plain to read what it loads)."""

    def __init__(self, client):
        self.client = client
        self._assets: dict[str, tuple[int, list[str]]] = {}

    def asset(self, url: str) -> tuple[int, list[str]]:
        if url not in self._assets:
            served = self.client.get(url, headers=ACCEPT)
            assert served.status_code == 200, f"{url}: {served.status_code}"
            if _kind(url) in ("js", "css"):
                text = self.client.get(url).get_data(as_text=True)  # identity, to follow what it loads
            if _kind(url) == "js":
                refs = [a or b for a, b in JS_IMPORT.findall(text)]
            elif _kind(url) == "css":
                refs = [a or b for _, a, _, b in CSS_URL.findall(text)]
            else:
                refs = []
            refs = [urljoin(url, ref) for ref in refs if not ref.startswith(("data:", "#"))]
            self._assets[url] = (len(served.data), refs)
        return self._assets[url]

    def page(self, url: str, response, label: str | None = None) -> Weight:
        weight = Weight(label or url, html=len(response.data))
        parser = _Loads()
        parser.feed(response.get_data(as_text=True))
        queue = [urljoin(url, ref) for ref in parser.urls]
        while queue:
            asset = queue.pop(0)
            if asset in weight.assets:
                continue
            size, refs = self.asset(asset)
            weight.assets[asset] = size
            weight.kinds[_kind(asset)] += size
            queue.extend(refs)
        return weight


PHOTOS = 3  # photos of the child's drawing in the draft: the most a parent can add


def add_photos(client, code: str, count: int = PHOTOS) -> None:
    """Add `count` phone photos of a drawing on the child's views step (each as a browser
    sends it, with the other answers on the page)."""
    import io

    from .images import photo_like_jpeg

    url = f"/{code}/step/child-views"
    for n in range(count):
        page = client.get(url).text
        keys = dict(re.findall(r'<input type="hidden" name="(drawings-\d+-key)" value="([^"]*)"', page))
        shown = {f"drawings-{i}-{part}": value for i in range(n) for part, value in
                 (("description", f"Drawing {i + 1}"), ("child", "Amelia"))}
        response = client.submit(url, {**FULL_JOURNEY["child-views"], **keys, **shown,
                                       "photo": (io.BytesIO(photo_like_jpeg(n)), "drawing.jpg"),
                                       "photo_description": f"Drawing {n + 1}", "photo_child": "Amelia",
                                       "add_drawing": "1"}, content_type="multipart/form-data")
        assert response.status_code == 200, f"{url}: {response.status_code}"


def weigh_language(app, code: str) -> list[Weight]:
    """Answer the whole journey in one language (with 3 photos), then weigh every page in it."""
    client = JourneyClient(app.test_client())
    walk(client, FULL_JOURNEY, lang=code)
    add_photos(client, code)
    weigher = Weigher(client)
    weights = []
    for path in page_paths(app):
        url = f"/{code}{path}"
        response = client.get(url, headers=ACCEPT)
        assert response.status_code == 200, f"{url}: {response.status_code} (add what it needs to EXTRA_PATHS?)"
        if response.mimetype != "text/html":
            continue  # a download (PDF, JSON), not a page
        weights.append(weigher.page(url, response))
    for path, data in FORM_PAGES:
        url = f"/{code}{path}"
        response = client.submit(url, data, headers=ACCEPT, follow_redirects=True)
        assert response.status_code == 200 and response.mimetype == "text/html", f"POST {url}: {response.status_code}"
        weights.append(weigher.page(url, response, label=f"POST {url}"))
    return weights


def weigh_all(app) -> list[Weight]:
    return [weight for lang in i18n.LANGUAGES for weight in weigh_language(app, lang.code)]
