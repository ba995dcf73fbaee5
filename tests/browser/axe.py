"""axe-core (npm, pinned in package.json) run in the page, with the WCAG 2.0, 2.1 and 2.2
A and AA rules. The app's CSP forbids injected scripts, so axe only runs in a context made
with bypass_csp=True (see `context_options`): that context is for axe alone."""

from __future__ import annotations

import functools
import re
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
context_options = {"bypass_csp": True}


def known_exception(rule: str, node: dict) -> bool:
    """GOV.UK Frontend puts aria-expanded on radios that reveal a question, on purpose:
    screen readers announce it and user research found it helps, though ARIA does not list
    it for radios (alphagov/govuk-frontend#979, a known axe finding). Nothing else is let off."""
    if rule != "aria-allowed-attr" or not node["html"].startswith('<input class="govuk-radios__input"'):
        return False
    attributes = []
    for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
        data = check.get("data") or []
        attributes += data.get("values", []) if isinstance(data, dict) else data
    return bool(attributes) and all(a.startswith("aria-expanded=") for a in attributes)


@functools.cache
def source() -> str:
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `make setup` (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


def enable(context) -> None:
    """Load axe into every page this context opens (compiled once per renderer, which is
    much faster than adding it to each page)."""
    context.add_init_script(script=source())


def violations(page) -> list[dict]:
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations)", WCAG_TAGS)
    kept = []
    for v in found:
        nodes = [n for n in v["nodes"] if not known_exception(v["id"], n)
                 and not (v["id"] == "label-content-name-mismatch" and name_includes_what_it_shows(page, n))]
        if nodes:
            kept.append({**v, "nodes": nodes})
    return kept


def name_includes_what_it_shows(page, node: dict) -> bool:
    """Second opinion for label-content-name-mismatch: does Chromium's own accessible name
    for the element contain the text it shows? axe leaves out text it takes for an icon
    font ligature, and its test takes Arabic-script words (joined letters) for ligatures,
    so in ar, fa and ur it reports GOV.UK Frontend's file upload button, whose name
    ("label , file name button text") does contain every word shown. What a voice control
    user says is what Chromium computes, so that is what is checked here."""
    if len(node["target"]) != 1 or not isinstance(node["target"][0], str):
        return False
    element = page.locator(node["target"][0])
    if element.count() != 1:
        return False
    match = re.match(r'^- \w+ "(.*)"', element.aria_snapshot())
    shown = " ".join(element.inner_text().split())
    return bool(match and shown) and shown in " ".join(match.group(1).split())


def describe(where: str, found: list[dict]) -> list[str]:
    """One readable paragraph per rule broken: what, how bad, where, and what to fix."""
    lines = []
    for v in found:
        lines.append(f"{where}: {v['id']} ({v['impact']}) {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {' > '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"       {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return lines
