"""Every user-visible sentence of the engine, in French and English."""

from __future__ import annotations

from collections.abc import Mapping

from bot.kb import Lang

CNIL_URL = "https://www.cnil.fr"

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "decline": {
        "fr": (
            "Je ne sais pas répondre à cette question : elle sort de ce que couvre cette FAQ "
            "sur le bac à sable « données personnelles » de la CNIL (3e édition, "
            "intelligence artificielle et services publics), et je préfère ne pas deviner.\n\n"
            f'Pour toute autre question, consultez <a href="{CNIL_URL}">cnil.fr</a>, '
            "où se trouve aussi le formulaire de contact de la CNIL."
        ),
        "en": (
            "I don't know the answer to that: it is outside what this FAQ covers, the CNIL's "
            "personal-data sandbox (3rd edition, artificial intelligence for public services), "
            "and I'd rather not guess.\n\n"
            f'For anything else, please see <a href="{CNIL_URL}">cnil.fr</a>, '
            "which also has the CNIL's contact form."
        ),
    },
    "suggest": {
        "fr": "Je ne suis pas sûr d'avoir bien compris. Vouliez-vous demander :",
        "en": "I'm not sure I understood. Did you mean:",
    },
    "empty": {
        "fr": "Posez-moi votre question en quelques mots, par exemple : « Qui peut candidater ? »",
        "en": "Please ask your question in a few words, for example: “Who can apply?”",
    },
}


def message(key: str, lang: Lang) -> str:
    """The ``key`` message in ``lang``."""
    return MESSAGES[key][lang]
