"""Realistic answers written in each language, for the text-layer tests.

The example answers the app's questions give ("For example: we love each other,
we eat together…"), in each language's catalogue, and the sample answers of
tests/pdf_fixtures.SAMPLES: at least MIN_WORDS words per language, as parents
in that language write them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.pofile import read_po

from .pdf_fixtures import FREE_TEXT_FIELDS, SAMPLES, statement_in

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
MIN_WORDS = 300

# A few more answers where the catalogue's examples fall short of MIN_WORDS (machine-assisted).
MORE = {
    "uk": ("Моя донька ходить до школи пішки разом зі мною щоранку. Ми читаємо книжки перед сном. "
           "Соціальна працівниця приходила двічі, і я показала їй нашу квартиру. Я хочу, щоб діти "
           "залишалися вдома зі мною, і я готова ходити на всі зустрічі."),
    "so": ("Gabadhayda waxay dugsiga u socotaa subax kasta aniga oo la socda. Habeenkii waxaan wada "
           "akhrinnaa buugaag. Shaqaalaha bulshada ayaa laba jeer noo yimid, waxaanan tusay gurigayaga. "
           "Waxaan rabaa in carruurtu ila joogaan, waxaanan diyaar u ahay shirarka oo dhan."),
    "bn": ("আমার মেয়ে প্রতিদিন সকালে আমার সাথে হেঁটে স্কুলে যায়। আমরা ঘুমানোর আগে একসাথে বই পড়ি। "
           "সোশ্যাল ওয়ার্কার দুইবার এসেছিলেন, আমি তাঁকে আমাদের বাসা দেখিয়েছি। আমি চাই বাচ্চারা আমার "
           "সাথেই থাকুক, আর আমি সব মিটিংয়ে যেতে রাজি।"),
    "ar": ("ابنتي تمشي معي إلى المدرسة كل صباح. نقرأ الكتب معًا قبل النوم. زارتنا الأخصائية الاجتماعية "
           "مرتين وأريتها بيتنا. أريد أن يبقى أطفالي معي في البيت، وأنا مستعدة لحضور كل الاجتماعات. "
           "أختي مريم تساعدني يوم الاثنين، وجارتي تأخذ ابني إلى النادي يوم السبت."),
}


@functools.cache
def answers_in(code: str) -> tuple[str, ...]:
    """Example answers in the language `code`, from its catalogue (English: the msgids)."""
    catalog = read_po((TRANSLATIONS / ("fa" if code == "en" else code) / "LC_MESSAGES" / "messages.po").open("rb"))
    examples = []
    for message in catalog:
        if not isinstance(message.id, str) or "For example" not in message.id:
            continue
        if not any(path.startswith("prep/questions.py") for path, _ in message.locations):
            continue
        examples.append(message.id if code == "en" else message.string)
    return tuple(examples) + SAMPLES[code].sentences + ((MORE[code],) if code in MORE else ())


def statement_of_answers(code: str):
    """Every free-text answer filled with the language's example answers, shared out in turn."""
    answers = answers_in(code)
    statement = statement_in(code)
    texts = ["" for _ in FREE_TEXT_FIELDS]
    for i, answer in enumerate(answers):
        texts[i % len(texts)] += ("\n" if texts[i % len(texts)] else "") + answer
    for (section, key), text in zip(FREE_TEXT_FIELDS, texts):
        setattr(statement.section(section), key, text)
    return statement
