"""The built CSS and JavaScript: fingerprinted names, long caching, precompressed copies.

`npm run build` (scripts/build-assets.mjs) writes static/dist/app.<hash>.css,
app.<hash>.js, a .gz and .br copy of each, and manifest.json mapping "app.css"
to its hashed name. Templates ask for `asset_url('app.css')`.

WhiteNoise serves static/dist/ in front of Flask: the hashed files with
`Cache-Control: public, max-age=31536000, immutable` (a new build means new
URLs, so a browser never needs to ask again), and the .br or .gz copy to
browsers that accept it. Compression (why only here): CSS and JS are the same
for everyone, so compressing them leaks nothing. HTML pages are deliberately
NOT compressed, by us or by a proxy: they carry the CSRF token next to text
the user typed, which is what a BREACH attack needs to read the token.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import current_app, url_for
from whitenoise import WhiteNoise

from .config import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "static" / "dist"
URL_PREFIX = "/static/dist/"  # where Flask's static route would serve DIST (url_for builds the same)
ONE_YEAR = 365 * 24 * 60 * 60


class _StaticFiles(WhiteNoise):
    FOREVER = ONE_YEAR  # WhiteNoise's default is ten years; a year is the usual ceiling


def load_manifest() -> dict[str, str]:
    """The manifest, checked: every file it names exists. Fails loudly, at start-up."""
    path = DIST / "manifest.json"
    if not path.is_file():
        raise ConfigError(f"{path} is missing: build the CSS and JavaScript with `npm run build` "
                          "(or `make setup`) before starting the app.")
    manifest = json.loads(path.read_text())
    missing = [name for name in manifest.values() if not (DIST / name).is_file()]
    if missing:
        raise ConfigError(f"{path} names files that are not there ({', '.join(missing)}): run `npm run build`.")
    return manifest


ASSET_CALL = re.compile(r"""asset_url\(\s*(['"])([^'"]+)\1""")


def names_used_by_templates(env) -> dict[str, str]:
    """Every name passed to asset_url() in our templates, with one template using it.
    (A regex, as in the build script: parsing every template would slow start-up.)"""
    used = {}
    for template in env.list_templates(filter_func=lambda name: name.endswith(".html")
                                       and not name.startswith("govuk_frontend_jinja/")):
        for match in ASSET_CALL.finditer(env.loader.get_source(env, template)[0]):
            used.setdefault(match.group(2), template)
    return used


def asset_url(name: str) -> str:
    """URL of the current build of `name` ("app.css" → /static/dist/app.3f9a1c2b.css)."""
    # In debug mode, pick up a rebuild without a restart.
    manifest = load_manifest() if current_app.debug else current_app.extensions["asset_manifest"]
    return url_for("static", filename=manifest[name])


def init_app(app, extra_headers: dict[str, str]) -> None:
    manifest = load_manifest()
    missing = {name: template for name, template in names_used_by_templates(app.jinja_env).items()
               if name not in manifest}
    if missing:
        raise ConfigError("Templates ask for assets the build did not make: " + ", ".join(
            f"asset_url('{name}') in {template}" for name, template in sorted(missing.items()))
            + ". Run `npm run build`, or fix the name.")
    app.extensions["asset_manifest"] = manifest

    immutable = {URL_PREFIX + name for name in manifest.values()}  # each named by its content's hash

    def add_headers(headers, path, url):
        for key, value in extra_headers.items():
            headers.setdefault(key, value)

    app.wsgi_app = _StaticFiles(
        app.wsgi_app, root=str(DIST), prefix=URL_PREFIX,
        # Files are indexed once at start-up; in debug mode, re-read so a rebuild shows at once.
        autorefresh=app.debug, allow_all_origins=False, max_age=60,
        immutable_file_test=lambda path, url: url in immutable, add_headers_function=add_headers)
