"""What counts in the answer rate: one rule, shared by the log, `faqbot stats`, the views
and the exports. Pure.

A question counts when a person typed it (not a button click), on a real channel (not
``faqbot ask`` or the terminal chat, where staff test the FAQ), it has at least one word
(not empty, not emoji or punctuation only), and it is not small talk. The answer rate is
the share of counted questions that were answered: suggestions and declines are not.
"""

from __future__ import annotations

from bot.text import words

TEST_CHANNELS = frozenset({"cli"})  # faqbot ask and faqbot chat: staff testing the FAQ


def counted(*, channel: str, via: str | None, outcome: str, question: str) -> bool:
    """True when a logged question counts in the answer rate."""
    return (
        channel not in TEST_CHANNELS
        and via != "button"
        and outcome != "smalltalk"
        and bool(words(question))
    )
