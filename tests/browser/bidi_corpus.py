"""Mixed right-to-left strings as parents write them in Urdu, Arabic and Persian:
brackets, English names and phrases, numbers of both kinds, currency,
percentages, phone numbers, dates and punctuation at either end. Made from a
seeded random choice of pieces, so the same strings every run."""

from __future__ import annotations

import random

WORDS = {
    "ur": ["میں", "نے", "سے", "بات", "کی", "ہم", "ہر", "اتوار", "کو", "بچوں", "اسکول", "ملاقات", "ہے", "میری", "بہن",
           "کے", "ساتھ", "پیسے", "ڈاکٹر", "گھر"],
    "ar": ["أنا", "مع", "في", "يوم", "الأطفال", "المدرسة", "أختي", "نحن", "كل", "موعد", "هو", "لدي", "سنة", "البيت",
           "الطبيب", "قال", "إلى", "من", "بعد"],
    "fa": ["من", "با", "در", "روز", "بچه‌ها", "مدرسه", "خواهرم", "ما", "هر", "جلسه", "است", "دارم", "سال", "می‌کنیم",
           "خانه", "دکتر", "گفت", "به", "از"],
}
ENGLISH = ["Sam Okafor", "Zahra Karimi", "Citizens Advice", "GP", "Oakfield Primary School", "Family Hub",
           "Leila Ahmadi", "Universal Credit", "Mrs Brown", "CAMHS"]
NUMBERS = {
    "ur": ["12", "2024", "۱۲", "3.5", "50%", "£400", "400 پاؤنڈ", "€20", "10:30", "٢٣"],
    "ar": ["12", "2024", "١٢", "3.5", "50%", "£400", "٪٥٠", "€20", "10:30", "٣٤ سنة"],
    "fa": ["12", "2024", "۱۲", "3.5", "50%", "£400", "۴۰۰ پوند", "€20", "10:30", "۱۴۰۳"],
}
PHONES = ["07700 900123", "+44 7700 900123", "0121 496 0000", "07700-900-123"]
DATES = {"ur": ["12/03/2027", "12 مارچ 2027", "2027-03-12"], "ar": ["12/03/2027", "12 مارس 2027", "2027-03-12"],
         "fa": ["12/03/2027", "۱۲ اسفند ۱۴۰۵", "2027-03-12"]}
ENDS = {"ur": ["۔", "؟", "!", "،", ":", ""], "ar": [".", "؟", "!", "،", ":", ""], "fa": [".", "؟", "!", "،", ":", ""]}
BRACKETS = [("(", ")"), ("[", "]"), ("«", "»")]


def mixed_strings(code: str, count: int, seed: int = 9) -> list[str]:
    rng = random.Random(f"{seed}-{code}")
    out: list[str] = []
    while len(out) < count:
        parts: list[str] = []
        for _ in range(rng.randint(3, 6)):
            kind = rng.random()
            if kind < 0.45:
                parts.append(rng.choice(WORDS[code]))
            elif kind < 0.6:
                parts.append(rng.choice(ENGLISH))
            elif kind < 0.72:
                parts.append(rng.choice(NUMBERS[code]))
            elif kind < 0.8:
                parts.append(rng.choice(PHONES))
            elif kind < 0.88:
                parts.append(rng.choice(DATES[code]))
            else:
                left, right = rng.choice(BRACKETS)
                inner = rng.choice(ENGLISH + WORDS[code])
                parts.append(f"{left}{inner}{right}")
        text = " ".join(parts)
        if rng.random() < 0.3:
            text = rng.choice(["- ", "(1) ", "12. ", "» "]) + text  # something neutral first
        text += rng.choice(ENDS[code])
        if not any(word in parts for word in WORDS[code]):
            continue  # a string in the language: at least one word of it
        if len(text) <= 60:  # one line in the PDF's text column and in the browser
            out.append(text)
    return out
