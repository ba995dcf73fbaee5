"""Statements for the PDF and CLI tests (and bench/bench_pdf.py).

Kept out of conftest.py, which belongs to the web tests.
"""

from __future__ import annotations

import dataclasses
import io
import re

from pypdf import PdfReader

from prep.statement import (
    About, Child, ChildViews, Helper, Needs, NextSteps, Report, ReportPoint, Statement, Strengths, Support, Supporter,
    Worries,
)

# Free-text fields: (section, key) for every answer that can hold 5,000 characters.
FREE_TEXT_FIELDS = [
    ("strengths", "family_strengths"), ("strengths", "done_well"), ("strengths", "want_known"),
    ("worries", "needs_to_change"), ("worries", "difficulties"), ("worries", "report_response"),
    ("support", "support_needed"), ("support", "how_it_helps"), ("support", "who_can_help"),
    ("next_steps", "after_conference"), ("next_steps", "what_we_can_do"),
    ("child_views", "child_views"),
    ("needs", "access_needs"), ("needs", "childcare_needed"),
]


def full_statement() -> Statement:
    """Every question answered, in short realistic words."""
    return Statement(
        language="en",
        about=About(
            your_name="Łucja Nowak", relationship="mother",
            children=[Child("Ștefan Nowak", "7"), Child("Amelia Nowak", "3"), Child("", "unborn")],
            conference_type="review", conference_date="2027-02-03", social_worker="Sam Okafor",
            attending="no", views_put_by="supporter",
        ),
        strengths=Strengths(
            family_strengths="We cook together every Sunday.\nGrandma visits on Fridays.",
            done_well="School run every day, never late.",
            want_known="I finished the Triple P parenting course in January.",
        ),
        worries=Worries(
            needs_to_change="Less shouting at home when we are tired.",
            difficulties="Rent arrears of £400 and my back pain.",
            report_response="Page 3 is wrong: I was in hospital on 12 March, not missing a visit.",
        ),
        report=Report(received="yes", points=[ReportPoint(
            key="p0000000000000001", where="Page 3", says="Mum missed the home visit on 12 March.", kind="wrong",
            instead="I was in hospital on 12 March.", evidence="Letter from the hospital")]),
        support=Support(
            support_needed="Help with housing and a bigger flat.",
            how_it_helps="The children would each have their own bed.",
            who_can_help="My sister Ewa can do Monday pick-ups.",
        ),
        next_steps=NextSteps(
            after_conference="Weekly check-ins with Sam for three months.",
            what_we_can_do="I will see my GP about my mood.",
        ),
        child_views=ChildViews(child_views="Ștefan says: “I want to stay at my school.”"),
        supporter=Supporter(name="Ewa Kowalska", relationship="Sister", contact="07700 900123", chair_told=True),
        needs=Needs(interpreter_language="Polish", access_needs="Step-free access please.",
                    childcare_needed="Someone to collect Amelia at 3pm."),
        helper=Helper(name="Priya Shah", role="Family advocate"),
    )


def points_and_photos_statement(points: int = 10, photos: int = 3) -> Statement:
    """The typical statement with `points` points about the report (realistic lengths) and
    `photos` photos of the child's drawing (a phone's photo, cleaned by prep.drawings)."""
    from prep.statement import MAX_DRAWINGS, Drawing

    from .images import processed_jpeg

    statement = full_statement()
    kinds = ("wrong", "missing", "different")
    statement.report.points = [ReportPoint(
        key=f"p{i:016x}", where=f"Page {i + 2}, paragraph {i * 3 + 1}",
        says="The report says I did not take Amelia to her dentist appointment in March.",
        kind=kinds[i % 3],
        instead=("I took her on 14 March. The dentist moved the appointment, and I have the text message "
                 "that says so. I also took her to the check-up in June."),
        evidence="Text message from the dentist; appointment card") for i in range(points)]
    statement.child_views.drawings = [
        Drawing(key=f"d{i:032x}", jpeg=processed_jpeg(("red", "purple", "orange")[i]), description=f"Ștefan's drawing {i + 1}: our house, "
                "with me, Grandma and the cat", child="Ștefan Nowak") for i in range(min(photos, MAX_DRAWINGS))]
    return statement


def free_text_answers(statement: Statement) -> list[str]:
    return [getattr(statement.section(s), k) for s, k in FREE_TEXT_FIELDS]


SHORT_ANSWERS = ["Łucja Nowak", "Ștefan Nowak, age 7", "Amelia Nowak, age 3", "Sam Okafor", "Ewa Kowalska",
                 "Sister", "07700 900123", "Yes, in Polish", "Priya Shah", "Family advocate", "Mother",
                 "Review conference", "My supporter"]


def long_statement(length: int = 5000) -> Statement:
    """Every free-text answer at the limit, in words of realistic length."""
    statement = full_statement()
    words = ("We have been working hard with the family support worker and the school "
             "to make things better for the children. ")
    for i, (section, key) in enumerate(FREE_TEXT_FIELDS):
        text = (f"[{key} {i}] " + words * (length // len(words) + 1))[:length]
        setattr(statement.section(section), key, text)
    return statement


def blank_statement() -> Statement:
    return Statement()


def with_answers(statement: Statement, **answers: str) -> Statement:
    """A copy of `statement` with free-text answers replaced by key."""
    statement = dataclasses.replace(statement)
    fields = dict((k, s) for s, k in FREE_TEXT_FIELDS)
    for key, value in answers.items():
        section = fields[key]
        setattr(statement, section, dataclasses.replace(statement.section(section), **{key: value}))
    return statement


# --- reading a PDF back ------------------------------------------------------------
def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(data).pages]


def squash(text: str) -> str:
    """Whitespace normalised: pypdf joins and splits lines its own way."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page_texts(data))


FURNITURE = re.compile(r"Page \d+ of \d+")


def body_text(data: bytes, *furniture: str) -> str:
    """The pages' text without header and footer lines, so an answer split
    over two pages reads on. `furniture`: the marking and the parent's name."""
    keep = []
    for text in page_texts(data):
        keep += [line for line in text.splitlines()
                 if line.strip() not in furniture and not FURNITURE.fullmatch(line.strip())]
    return "\n".join(keep)


def font_names(data: bytes) -> set[str]:
    """BaseFont of every font any page uses, subset prefix removed."""
    names = set()
    for page in reader(data).pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(ref.get_object()["/BaseFont"]).lstrip("/")))
    return names


# --- statements in every language's script ---------------------------------------------
@dataclasses.dataclass(frozen=True)
class Sample:
    """Short answers as a parent writing in the language might write them."""

    name: str
    social_worker: str
    supporter: str
    sentences: tuple[str, ...]
    interpreter: str = ""


SAMPLES: dict[str, Sample] = {
    "en": Sample("Lucy Newman", "Sam Okafor", "Eve Cole", (
        "We cook together every Sunday.", "Grandma visits on Fridays.",
        "We need help with housing.", "I take the children to school every day.")),
    "cy": Sample("Siân Llŷr Jones", "Dafydd ap Gwilym", "Ffion Hughes", (
        "Rydyn ni'n coginio gyda'n gilydd bob dydd Sul.", "Mae Mam-gu yn ymweld ar ddydd Gwener.",
        "Mae angen help arnon ni gyda thai.", "Rwy'n mynd â'r plant i'r ysgol bob dydd."), "Cymraeg"),
    "pl": Sample("Łucja Żółkiewska", "Sam Okafor", "Ewa Kowalska", (
        "Gotujemy razem w każdą niedzielę.", "Babcia odwiedza nas w piątki.",
        "Potrzebujemy pomocy w sprawie mieszkania.", "Codziennie odprowadzam dzieci do szkoły."), "polski"),
    "ro": Sample("Ștefania Țăranu", "Sam Okafor", "Ioana Popescu", (
        "Gătim împreună în fiecare duminică.", "Bunica ne vizitează vinerea.",
        "Avem nevoie de ajutor cu locuința.", "Duc copiii la școală în fiecare zi."), "română"),
    "pt": Sample("João Gonçalves", "Sam Okafor", "Inês Araújo", (
        "Cozinhamos juntos todos os domingos.", "A avó visita-nos às sextas-feiras.",
        "Precisamos de ajuda com a habitação.", "Levo as crianças à escola todos os dias."), "português"),
    "uk": Sample("Оксана Коваленко", "Sam Okafor", "Ґанна Їжакевич", (
        "Ми готуємо разом щонеділі.", "Бабуся приходить до нас у п'ятницю.",
        "Нам потрібна допомога з житлом.", "Я щодня воджу дітей до школи."), "українська"),
    "so": Sample("Hodan Cabdi Maxamed", "Sam Okafor", "Faadumo Axmed", (
        "Waxaan wada karinnaa Axad kasta.", "Ayeeyo ayaa na soo booqata Jimcaha.",
        "Waxaan u baahanahay caawimaad guriyeynta.", "Carruurta waxaan geeyaa dugsiga maalin kasta."), "Soomaali"),
    "bn": Sample("রহিমা বেগম", "Sam Okafor", "শাহানা আক্তার", (
        "আমরা প্রতি রবিবার একসাথে রান্না করি।", "দাদি শুক্রবার আমাদের বাড়িতে আসেন।",
        "আমাদের বাসস্থানের জন্য সাহায্য দরকার।", "আমি প্রতিদিন বাচ্চাদের স্কুলে নিয়ে যাই, ক্ষমা চাই না।"), "বাংলা"),
    "pa": Sample("ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "Sam Okafor", "ਹਰਜੀਤ ਸਿੰਘ", (
        "ਅਸੀਂ ਹਰ ਐਤਵਾਰ ਇਕੱਠੇ ਖਾਣਾ ਬਣਾਉਂਦੇ ਹਾਂ।", "ਦਾਦੀ ਜੀ ਸ਼ੁੱਕਰਵਾਰ ਨੂੰ ਆਉਂਦੇ ਹਨ।",
        "ਸਾਨੂੰ ਰਿਹਾਇਸ਼ ਲਈ ਮਦਦ ਦੀ ਲੋੜ ਹੈ।", "ਮੈਂ ਹਰ ਰੋਜ਼ ਬੱਚਿਆਂ ਨੂੰ ਸਕੂਲ ਛੱਡਦੀ ਹਾਂ, ਕ੍ਰਿਪਾ ਕਰਕੇ।"), "ਪੰਜਾਬੀ"),
    "ur": Sample("فاطمہ بی بی", "Sam Okafor", "نسرین اختر", (
        "ہم ہر اتوار کو مل کر کھانا پکاتے ہیں۔", "دادی جمعہ کو ہم سے ملنے آتی ہیں۔",
        "ہمیں رہائش کے لیے مدد کی ضرورت ہے۔", "میں روزانہ بچوں کو اسکول لے جاتی ہوں۔"), "اردو"),
    "ar": Sample("فاطمة الزهراء", "Sam Okafor", "مريم حسن", (
        "نطبخ معًا كل يوم أحد.", "تزورنا الجدة يوم الجمعة.",
        "نحتاج إلى مساعدة في السكن.", "أوصل الأطفال إلى المدرسة كل يوم."), "العربية"),
    "fa": Sample("مریم احمدی", "Sam Okafor", "زهرا کریمی", (
        "ما هر یکشنبه با هم آشپزی می‌کنیم.", "مادربزرگ جمعه‌ها به دیدن ما می‌آید.",
        "برای مسکن به کمک نیاز داریم.", "من هر روز بچه‌ها را به مدرسه می‌برم."), "فارسی"),
}

# Answers that mix scripts, as parents write them.
MIXED = {
    "polish+english": "Mój syn mówi: “I want to stay at my school.” Pani Sam Okafor o tym wie.",
    "urdu+english+digits": "میری سوشل ورکر Sam Okafor ہیں۔ ملاقات 12 مارچ 2027 کو ہے، فون 07700 900123۔",
    "bengali+english": "আমার ছেলে Oakfield Primary School-এ পড়ে। GP বলেছেন সব ঠিক আছে (ভালো)।",
    "arabic+persian": "قال الطبيب: «كل شيء على ما يرام». مادرم می‌گوید: «همه چیز خوب است.» ١٢ و ۱۲",
    "cyrillic+latin": "Мій син ходить до St Mary's Primary School, вчителька — Mrs Brown.",
    "gurmukhi+english": "ਮੇਰੀ ਧੀ Year 3 ਵਿੱਚ ਹੈ, ਉਸਦੀ ਟੀਚਰ Ms Patel ਹੈ।",
    "arabic+brackets+numbers": "(مرحبا) عمري 34 سنة، وعندي ٣ أطفال. 2024ء",
}


def statement_in(code: str) -> Statement:
    """Every question answered in the language `code` (its own script)."""
    sample = SAMPLES[code]
    statement = full_statement()
    statement.language = code
    statement.about.your_name = sample.name
    statement.about.social_worker = sample.social_worker
    statement.about.children = [Child(sample.name.split()[0] + " 2", "7"), Child("", "unborn")]
    statement.supporter.name = sample.supporter
    statement.supporter.relationship = sample.sentences[1][:40]
    statement.needs.interpreter_language = sample.interpreter
    statement.helper.name = sample.supporter
    statement.helper.role = sample.sentences[2][:40]
    sentences = sample.sentences
    point = statement.report.points[0]
    point.where, point.says, point.instead, point.evidence = "3", sentences[0], sentences[1], sentences[2]
    for i, (section, key) in enumerate(FREE_TEXT_FIELDS):
        text = " ".join(sentences[(i + j) % len(sentences)] for j in range(1 + i % 3))
        setattr(statement.section(section), key, text)
    return statement


# --- a few translations, so translated headings can be tested before the .po files are done ---
UNREVIEWED = ("This translation has not been checked by a qualified translator yet. "
              "If anything is unclear, ask your social worker for an interpreter.")
UNREVIEWED_FOR_CHAIR = "This translation has not been checked by a qualified translator yet."
TEST_TRANSLATIONS: dict[str, dict[str, str]] = {
    "pl": {
        "Parent's contribution to a child protection conference":
            "Wkład rodzica w konferencję w sprawie ochrony dziecka",
        "Strengths": "Mocne strony",
        "About you": "O Tobie",
        "What is good about your family?": "Co jest dobrego w Twojej rodzinie?",
        "Your full name": "Imię i nazwisko",
        "Parent or carer": "Rodzic lub opiekun",
        UNREVIEWED_FOR_CHAIR: "To tłumaczenie nie zostało jeszcze sprawdzone przez wykwalifikowanego tłumacza.",
        "Not answered": "Brak odpowiedzi",
        "Page %(page)s of %(pages)s": "Strona %(page)s z %(pages)s",
        "Date prepared": "Data przygotowania",
        "Filled in without help": "Wypełnione bez pomocy",
        "Mother": "Matka",
        UNREVIEWED: "To tłumaczenie nie zostało jeszcze sprawdzone przez wykwalifikowanego tłumacza. "
                    "Jeśli coś jest niejasne, poproś pracownika socjalnego o tłumacza.",
        "Questions to help you get ready for a child protection conference":
            "Pytania, które pomogą Ci przygotować się do konferencji w sprawie ochrony dziecka",
        "Tick one": "Zaznacz jedną odpowiedź",
        "Yes": "Tak",
        "No": "Nie",
    },
    "ar": {
        "Parent's contribution to a child protection conference": "مساهمة الوالد في مؤتمر حماية الطفل",
        "Strengths": "نقاط القوة",
        "About you": "عنك",
        "What is good about your family?": "ما الجيد في عائلتك؟",
        "Your full name": "اسمك الكامل",
        "Parent or carer": "أحد الوالدين أو مقدم الرعاية",
        UNREVIEWED_FOR_CHAIR: "لم يراجع مترجم مؤهل هذه الترجمة بعد.",
        "Not answered": "لا توجد إجابة",
        "Page %(page)s of %(pages)s": "صفحة %(page)s من %(pages)s",
        "Date prepared": "تاريخ الإعداد",
        "Filled in without help": "تم ملؤه دون مساعدة",
        "Mother": "أم",
        UNREVIEWED: "لم يراجع مترجم مؤهل هذه الترجمة بعد. إذا كان أي شيء غير واضح، "
                    "فاطلب من الأخصائي الاجتماعي مترجمًا فوريًا.",
        "Questions to help you get ready for a child protection conference":
            "أسئلة لمساعدتك على الاستعداد لمؤتمر حماية الطفل",
        "Tick one": "ضع علامة على خيار واحد",
        "Yes": "نعم",
        "No": "لا",
    },
}


def write_test_translations(folder) -> str:
    """Compile TEST_TRANSLATIONS into <folder>/<code>/LC_MESSAGES/messages.mo; returns the folder."""
    from pathlib import Path

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    folder = Path(folder)
    for code, messages in TEST_TRANSLATIONS.items():
        catalog = Catalog(locale=code)
        for msgid, msgstr in messages.items():
            catalog.add(msgid, msgstr, flags=("python-format",) if "%(" in msgid else ())
        target = folder / code / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        with (target / "messages.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return str(folder)


# --- the slowest statement we can think of ------------------------------------------
def _longest(unit: str, length: int) -> str:
    """`unit` repeated into the longest answer the app accepts when `length` characters are
    allowed: `length` characters as a parent sees them, and at most the hidden limit of code
    points (prep.text_length), whichever comes first."""
    import itertools

    import regex

    from prep.text_length import CODE_POINTS_PER_CHARACTER, too_long

    text = unit * (length * CODE_POINTS_PER_CHARACTER // len(unit) + 1)
    text = "".join(m.group() for m in itertools.islice(regex.finditer(r"\X", text), length))
    text = text[:length * CODE_POINTS_PER_CHARACTER]
    assert not too_long(text, length)
    return text


def worst_answers(length: int = 5000) -> list[str]:
    """The longest answers the app accepts (prep.text_length: `length` characters a parent
    sees, at most 4 code points each) made of what costs the PDF most: characters no font
    has, emoji sequences, a change of direction or script at every letter, piles of
    combining marks, bidi controls, one unbroken word."""
    import random

    rng = random.Random(12)
    arabic, latin = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "abcdefghijklmnopqrstuvwxyz"
    mixed_pool = list(arabic + latin + "ক্ষমাਕ੍ਰਿਪਾ١٢٣0123()[]«» \u200c\u200d\u064b\u0654\u0301😢中\U0001FBA9\u2067\u2069\u202e")
    return [
        _longest("\U0001FBA9", length),  # no font has it (its Unicode name is 90 characters long)
        _longest("👨🏽\u200d👩🏽\u200d👧🏽 ", length),  # emoji sequences with skin tones
        _longest("aب", length),  # the direction changes at every letter
        _longest("".join(rng.choice(arabic) + rng.choice(latin) + rng.choice(arabic) for _ in range(length)), length),
        _longest("a\u0301\u0302\u0303", length),  # combining marks piled up: 4 code points a character
        _longest("بِّ\u0654", length),  # Arabic with every mark
        _longest("\u202eabc \u2067مرحبا\u2069 \u202c\u200f", length),  # bidi controls
        _longest("ب", length),  # one unbroken word in Arabic script
        _longest("ক্ষ", length),  # ... of Bengali conjuncts (one character, three code points each)
        _longest("a😢", length),  # a marker at every other character
        _longest("中a", length),  # a script with no font, at every other character
        _longest("".join(rng.choice(mixed_pool) for _ in range(length * 2)), length),  # everything at once
        _longest("١a2 ", length),  # numbers of both kinds, every other character
        _longest("0 ", length),  # one long "phone number"
    ]


def worst_statement(length: int = 5000) -> Statement:
    """Every free-text answer one of worst_answers(), in an Arabic statement."""
    statement = statement_in("ar")
    for (section, key), text in zip(FREE_TEXT_FIELDS, worst_answers(length)):
        setattr(statement.section(section), key, text)
    return statement


# --- tools that read a PDF as a chair's viewer does -------------------------------------
def require_tool(name: str) -> str:
    """The path of a command-line tool the test needs (poppler-utils, from
    scripts/pdf-tools-for-tests.sh). Missing: skip, except in CI, where it fails."""
    import os
    import shutil

    import pytest

    path = shutil.which(name)
    if path is None:
        reason = f"{name} is missing: run `bash scripts/pdf-tools-for-tests.sh` (apt-get install poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — in CI a missing tool is a failure, not a skip", pytrace=False)
        pytest.skip(reason)
    return path


# pdftotext marks the direction of each line it writes with LRE, RLE, PDF (its own markup,
# not the text); the statement holds punctuation in mixed-direction lines between LRM or RLM
# (prep/pdf/text.py). Invisible, they change no word: read without them.
_POPPLER_MARKS = re.compile("[\u202a-\u202e\u200e\u200f]")


def pdftotext(data: bytes, *options: str) -> str:
    import subprocess

    out = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", *options, "-", "-"], input=data,
                         capture_output=True, check=True)
    return _POPPLER_MARKS.sub("", out.stdout.decode("utf-8"))


def words_in_order(expected: str, extracted: str) -> tuple[int, int]:
    """(words of `expected` found in `extracted` whole and in the same order; all words).

    The answer is found where its longest run of words is; then its words are
    matched in order (difflib) against that stretch of the extracted text, a
    little wider than the answer, so page furniture between two of its lines
    does not count against it and words from elsewhere cannot make up for it."""
    import difflib

    words, found_words = expected.split(), extracted.split()
    if not words:
        return 0, 0
    i, j, _ = difflib.SequenceMatcher(None, words, found_words, autojunk=False).find_longest_match(
        0, len(words), 0, len(found_words))
    lo, hi = max(0, j - i - 20), j + (len(words) - i) + 20 + len(words) // 4
    blocks = difflib.SequenceMatcher(None, words, found_words[lo:hi], autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks), len(words)
