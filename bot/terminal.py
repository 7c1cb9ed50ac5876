"""The terminal chat (``faqbot chat``): the conversation in a terminal, with readline.

Same conversation as every channel: follow-ups, several questions, the commands
(/help /topics /privacy /forget /lang), choices as numbers; ``quit`` or ``exit`` leaves.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import click

from bot.conversation import Chat, Conversation
from bot.dialogue import Button, Response
from bot.kb import Lang
from bot.service import Assistant

QUIT = frozenset({"quit", "exit", "q", "quitter", "sortir", ":q", "/quit", "/exit"})
GREETING = (
    "Posez vos questions sur le bac à sable CNIL « IA et services publics ». "
    "Un numéro choisit une proposition ; /help pour les commandes ; quit pour sortir.\n"
    "Ask about the CNIL's AI-for-public-services sandbox. "
    "A number picks a choice; /help for the commands; quit to leave."
)


def render(response: Response) -> tuple[str, list[Button]]:
    """The text to print and the choices numbered under it (no choice shown twice)."""
    choices = [b for b in response.buttons if b.kind != "feedback"]
    lines = [response.text]
    lines += [f"  [{n}] {b.label}" for n, b in enumerate(choices, 1)]
    return "\n".join(lines), choices


def run_chat(
    assistant: Assistant,
    lang: Lang | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = click.echo,
) -> None:
    """Chat until quit, exit or end of input."""
    with contextlib.suppress(ImportError):  # line editing and history where available
        import readline  # noqa: F401

    talk = Conversation(assistant)
    chat = Chat("cli", "terminal", "terminal", lang)
    write(GREETING)
    choices: list[Button] = []
    while True:
        try:
            line = read("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if not line:
            continue
        if line.lower() in QUIT:
            return
        if line.isdigit() and 0 < int(line) <= len(choices):
            picked = choices[int(line) - 1]
            write(f"→ {picked.label}")
            response = talk.action(chat, picked.action)
        elif line.startswith("/"):
            found = talk.command(chat, line.split()[0])
            response = found or talk.info(chat, "unknown_command", talk.lang_of(chat))
        else:
            response = talk.message_sync(chat, line, lang=lang)
        text, choices = render(response)
        write(text)
