"""The council profile: checked at start-up, and what it changes on pages and in the PDF."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from prep import create_app, profile
from prep.config import ConfigError

from .conftest import JourneyClient, app_config
from .journey_data import FULL_JOURNEY, walk

ROOT = Path(__file__).resolve().parent.parent
WALES = str(profile.PROFILES / "example-wales.toml")
ENGLAND_TEXT = (profile.PROFILES / "england.toml").read_text()


def write_profile(tmp_path, old, new):
    assert old in ENGLAND_TEXT
    path = tmp_path / "council.toml"
    path.write_text(ENGLAND_TEXT.replace(old, new))
    return path


@pytest.mark.parametrize("old,new,message", [
    ('nation = "england"', 'nation = "cornwall"', "council.nation: must be one of england, wales"),
    ('brand_colour = "#0b0c0c"', 'brand_colour = "#ffdd00"', "council.brand_colour: #ffdd00 is too light"),
    ('brand_colour = "#0b0c0c"', 'brand_colour = "blue"', 'council.brand_colour: must be a colour written like'),
    ('social_care = ""', 'social_care = "call us"', "phones.social_care: must be a phone number"),
    ("minutes_working_days = 15", "minutes_working_days = 0", "timescales.minutes_working_days: must be between 1"),
    ("minutes_working_days = 15", 'minutes_working_days = "15"', "timescales.minutes_working_days: must be a whole"),
    ('languages = ["en", "cy",', 'languages = ["cy",', 'service.languages: must include "en"'),
    ('languages = ["en", "cy",', 'languages = ["en", "xx",', "service.languages: 'xx' is not offered"),
    ('exit_url = "https://www.bbc.co.uk/weather"', 'exit_url = "bbc.co.uk"', "service.exit_url: must be a full https://"),
    ("idle_days = 28", "idle_days = 28\nkeep_forever = true", "drafts.keep_forever: is not a setting"),
    ('confidentiality_marking = "Confidential"', 'confidentiality_marking = ""', "must not be empty"),
    ("[phones]", "[phone]", "phone: is not a setting this app knows"),
    ("[council]", "[council", "is not valid TOML"),
])
def test_a_bad_value_names_the_key_and_what_is_wrong(tmp_path, old, new, message):
    path = write_profile(tmp_path, old, new)
    with pytest.raises(ConfigError) as caught:
        create_app(app_config(tmp_path, COUNCIL_PROFILE=str(path)))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_app_refuses_to_start_with_one_line(tmp_path):
    path = write_profile(tmp_path, 'brand_colour = "#0b0c0c"', 'brand_colour = "#ffffff"')
    env = {**os.environ, "COUNCIL_PROFILE": str(path)}
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "council.brand_colour" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_profile_file_says_which(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        create_app(app_config(tmp_path, COUNCIL_PROFILE=str(tmp_path / "nope.toml")))


def test_contrast_ratio_matches_wcag():
    assert round(profile.contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(profile.contrast_ratio("#1d70b8", "#ffffff"), 1) == 5.2


@pytest.fixture
def wales(tmp_path):
    return JourneyClient(create_app(app_config(tmp_path, COUNCIL_PROFILE=WALES)).test_client())


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def test_generic_profile_names_no_council(client):
    page = client.get("/en/").text
    assert "app-header__organisation" not in page
    chooser = client.get("/en/language?next=/en/").text
    assert "Cymraeg" in chooser and "فارسی" in chooser  # all twelve languages


def test_council_profile_changes_header_languages_and_colour(wales):
    page = wales.get("/en/").text
    assert '<span class="app-header__organisation">Example County Borough Council</span>' in page
    nav = wales.get("/en/language?next=/en/").text.split('class="govuk-list app-language-list"')[1].split("</ul>")[0]
    assert "Cymraeg" in nav and "Polski" in nav and "العربية" in nav
    assert "Română" not in nav and "فارسی" not in nav
    assert wales.get("/ro/").status_code == 404
    css_url = page.split('<link rel="stylesheet" href="')[2].split('"')[0]
    css = wales.get(css_url)
    assert "#00594f" in css.text and "immutable" in css.headers["Cache-Control"]


def test_council_profile_changes_the_timeline(wales, client):
    for c in (wales, client):
        walk(c, FULL_JOURNEY)
    welsh, generic = wales.get("/en/timeline").text, client.get("/en/timeline").text
    assert "bank holidays in Wales" in welsh and "within 20 working days" in welsh
    assert "bank holidays in England" in generic and "within 15 working days" in generic


def test_council_profile_changes_the_pdf(wales, client):
    for c in (wales, client):
        walk(c, FULL_JOURNEY)
    welsh, generic = pdf_text(wales.get("/en/statement.pdf")), pdf_text(client.get("/en/statement.pdf"))
    assert "Example County Borough Council" in welsh and "OFFICIAL-SENSITIVE" in welsh
    assert "Council" not in generic.replace("Child Protection", "") and "Confidential" in generic


def test_exit_and_retention_come_from_the_profile(tmp_path):
    path = write_profile(tmp_path, 'exit_url = "https://www.bbc.co.uk/weather"',
                         'exit_url = "https://www.metoffice.gov.uk/"')
    app = create_app(app_config(tmp_path, COUNCIL_PROFILE=str(path)))
    assert app.test_client().get("/exit").location == "https://www.metoffice.gov.uk/"
    wales = create_app(app_config(tmp_path, COUNCIL_PROFILE=WALES))
    assert wales.extensions["drafts"].idle_days == 21
    assert wales.extensions["drafts"].days_after_conference == 7
