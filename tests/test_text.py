"""Normalisation, language-neutral: folding, elisions, stemming; and redaction."""

from __future__ import annotations

import pytest

from bot.redact import redact
from bot.text import fold, stem, tokens, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sélectionnés", "selectionnes"),
        ("L’appel", "l'appel"),
        ("ÉTÉ", "ete"),
        ("a\u200bb\u200fc\u202e", "abc"),
        ("nul\x00byte", "nulbyte"),
        ("œuvre", "œuvre"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'appel d'offres", ["appel", "offres"]),
        ("qu’est-ce que c'est ?", ["est", "ce", "que", "est"]),
        ("jusqu'au 30/09", ["au", "30", "09"]),
        ("l`IA", ["ia"]),
        ("🙂🙂", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_tokens_drop_stopwords_keep_question_words() -> None:
    assert tokens("Qui peut candidater au bac à sable ?") == ["qui", "candidater", "bac", "sable"]
    assert tokens("when is the deadline") == ["when", "deadline"]


@pytest.mark.parametrize(
    "group",
    [
        ["candidature", "candidatures", "candidater", "candidats"],
        ["selection", "selected", "selectionnes"],
        ["collectivite", "collectivites"],
        ["projet", "projets"],
    ],
)
def test_stem_brings_forms_together(group: list[str]) -> None:
    assert len({stem(w) for w in group}) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("écrivez à jean.dupont+cnil@mairie-x.fr", "écrivez à [email]"),
        ("tel 06 12 34 56 78", "tel [phone]"),
        ("tel 06.12.34.56.78 ou +33 6 12 34 56 78", "tel [phone] ou [phone]"),
        ("appelez le 0033153732222", "appelez le [phone]"),
        ("UK +44 20 7946 0958", "UK [phone]"),
        ("iban FR76 3000 6000 0112 3456 7890 189", "iban [iban]"),
        ("iban fr7630006000011234567890189", "iban [iban]"),
        ("secu 1 85 05 78 006 084 36", "secu [nir]"),
        ("secu 285052A00608436", "secu [nir]"),
        ("carte 4970 1012 3456 7890", "carte [card]"),
        ("je suis @jean_dupont", "je suis [handle]"),
    ],
)
def test_redact_personal_data(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "date limite 30 septembre 2023",
        "3 projets, 20 candidatures, 8 projets",
        "règlement (UE) 2024/1689, article 57",
        "le 2023-09-30 à 23h59",
        "3 place de Fontenoy, 75334 Paris",
    ],
)
def test_redact_keeps_ordinary_numbers(text: str) -> None:
    assert redact(text) == text
