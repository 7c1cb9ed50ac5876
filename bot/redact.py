"""Redaction of personal data from question text, before anything is stored.

Pure. What is recognised is replaced by a label: ``[email]``, ``[phone]``, ``[iban]``,
``[nir]`` (French social-security number), ``[card]`` (payment card), ``[handle]``.

>>> redact("Je suis jean.dupont@mairie.fr, tel 06 12 34 56 78")
'Je suis [email], tel [phone]'
"""

from __future__ import annotations

import re

_SEP = r"[ .\-]?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)),
    # IBAN: country code, 2 check digits, 11 to 30 alphanumerics, often in groups of 4.
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b", re.I)),
    # NIR: sex (1/2), year, month, department (digits or 2A/2B), commune, order, optional key.
    (
        "nir",
        re.compile(
            rf"\b[12]{_SEP}\d{{2}}{_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_SEP}(?:\d{{2}}|2[AB])"
            rf"{_SEP}\d{{3}}{_SEP}\d{{3}}(?:{_SEP}\d{{2}})?\b",
            re.I,
        ),
    ),
    ("card", re.compile(r"\b(?:\d{4}[ \-]?){3}\d{4}\b")),
    # Phones: French national (0X XX XX XX XX), +33 / 0033, other international numbers.
    (
        "phone",
        re.compile(
            r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .\-]?(?:\(0\)[ .\-]?)?\d(?:[ .\-]?\d{2}){4}"
            r"|0\d(?:[ .\-]?\d{2}){4}"
            r"|(?:\+|00)\d{1,3}(?:[ .\-]?\d{2,4}){2,5})(?!\w)"
        ),
    ),
    ("handle", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{4,31}\b")),
)


def redact(text: str) -> str:
    """``text`` with emails, phone numbers, IBANs, NIRs, card numbers and @handles replaced."""
    for label, pattern in _PATTERNS:
        text = pattern.sub(f"[{label}]", text)
    return text
