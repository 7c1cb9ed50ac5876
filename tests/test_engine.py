"""The answering engine on the real FAQ: answers, dates, languages, declines, odd input."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY

from bot.engine import Engine
from bot.kb import KnowledgeBase
from bot.matcher import FEATURES


def test_deadline_is_closed_today(engine: Engine) -> None:
    fr = engine.ask("c'est quand la date limite pour candidater ?", TODAY)
    assert fr.outcome == "answered" and fr.entry_id == "deadline" and fr.lang == "fr"
    assert "clos depuis le 30 septembre 2023" in fr.html
    en = engine.ask("when is the deadline to apply?", TODAY)
    assert en.lang == "en" and "closed since 30 September 2023" in en.html


def test_deadline_counts_days_before_closing(engine: Engine) -> None:
    reply = engine.entry_reply("deadline", "en", dt.date(2023, 9, 18))
    assert "open until 30 September 2023 inclusive (12 days left)" in reply.html
    reply = engine.entry_reply("deadline", "fr", dt.date(2023, 9, 30))
    assert "dernier jour aujourd'hui" in reply.html


def test_every_answer_renders_with_its_sources(engine: Engine, kb: KnowledgeBase) -> None:
    for entry in kb.entries:
        for lang in ("fr", "en"):
            reply = engine.entry_reply(entry.id, lang, TODAY)
            assert "{" not in reply.html, entry.id
            if not entry.smalltalk:
                assert "Source" in reply.html, entry.id


@pytest.mark.parametrize(
    ("question", "entry_id", "lang"),
    [
        ("c koi le bac a sable de la cnil", "what-is-sandbox", "fr"),
        ("est ce que ca permet de deroger au rgpd", "not-regulatory-sandbox", "fr"),
        ("does the sandbox exempt us from the GDPR?", "not-regulatory-sandbox", "en"),
        ("qui a ete selectionne", "winners", "fr"),
        ("who was selected", "winners", "en"),
        ("kan est ce que les resultats ont ete annonces", "results-date", "fr"),
        # "koi" stands for a question word, though an entry's phrasing spells it so
        ("c koi la date limite pour le bac a sable IA de la cnil", "deadline", "fr"),
    ],
)
def test_typical_questions_are_answered(
    engine: Engine, question: str, entry_id: str, lang: str
) -> None:
    reply = engine.ask(question, TODAY)
    assert (reply.outcome, reply.entry_id, reply.lang) == ("answered", entry_id, lang)


@pytest.mark.parametrize(
    "question",
    [
        "comment refaire mon passeport",
        "how do I get a passport",
        "quel est le montant de l'amende CNIL infligée à Google",
        "how do I file a GDPR complaint against my employer",
        "recette de la tarte tatin",
    ],
)
def test_out_of_scope_is_declined(engine: Engine, question: str) -> None:
    reply = engine.ask(question, TODAY)
    assert reply.outcome == "unanswered"
    assert "cnil.fr" in reply.html


@pytest.mark.parametrize(("question", "entry_id"), [("bonjour", "hello"), ("thanks!", "thanks")])
def test_smalltalk_is_answered_not_counted(engine: Engine, question: str, entry_id: str) -> None:
    reply = engine.ask(question, TODAY)
    assert (reply.outcome, reply.entry_id) == ("smalltalk", entry_id)
    assert reply.answered


@pytest.mark.parametrize(
    "question", ["", "   ", "🙂🙂🙂", "???", "\u200b\u200f", "a" * 4096, "é " * 3000, "\x00"]
)
def test_odd_input_never_crashes(engine: Engine, question: str) -> None:
    reply = engine.ask(question, TODAY)
    assert reply.html and reply.lang in ("fr", "en")


def test_empty_question_asks_for_words(engine: Engine) -> None:
    assert "Posez-moi votre question" in engine.ask("🙂", TODAY).html


def test_forced_language(engine: Engine) -> None:
    assert engine.ask("date limite", TODAY, lang="en").lang == "en"


def test_suggestions_and_related_are_titles_of_entries(engine: Engine, kb: KnowledgeBase) -> None:
    reply = engine.entry_reply("deadline", "fr", TODAY)
    assert reply.related and all(s.entry_id in kb.by_id for s in reply.related)
    assert all(s.question == engine.title(kb.by_id[s.entry_id], "fr") for s in reply.related)


def test_json_shape(engine: Engine) -> None:
    data = engine.ask("date limite", TODAY).to_json()
    assert set(data) >= {"answered", "entry_id", "score", "lang", "answer", "suggestions"}
    assert isinstance(data["answered"], bool) and isinstance(data["score"], float)
    assert "<" not in data["answer"]


def test_a_detail_the_entry_never_mentions_is_not_answered(engine: Engine) -> None:
    # "Albert" names the entry, but none of its phrasings speaks of towns using it.
    matcher = engine.matcher
    missing = FEATURES.index("entry_missing")
    about = matcher.signals("qui a développé Albert ?").features[missing]
    beyond = matcher.signals("How many towns use Albert today?").features[missing]
    assert about < 0.5 < beyond
    assert engine.ask("How many towns use Albert today?", TODAY).outcome != "answered"
    assert engine.ask("qui a développé Albert ?", TODAY).entry_id == "project-albert"


@pytest.mark.parametrize(
    ("question", "entry", "asks_beyond"),
    [
        # a budget, for the entry whose phrasings ask about a budget: what it costs
        ("c'est payant ? notre commune a peu de budget", "cost", False),
        # the RATP project's entry never speaks of what its sensors cost
        ("How much did the RATP's lidar sensors cost?", "project-ratp", True),
        # who sits on the committee: its entry's phrasings ask it
        ("composition du comité qui a choisi les projets", "selection-process", False),
        # names of the committee's members: no phrasing of any entry asks them
        ("qui siégeait au comité de sélection ? les noms svp", "selection-process", True),
        # a date: the support phases' entry gives a length, never a day
        ("la phase 2 commence quand exactement ?", "support-phases", True),
        # ... the AI Act's entry gives one in its answer, though no phrasing asks "when"
        ("by when must member states have their AI regulatory sandbox?", "ai-act-sandbox", False),
    ],
)
def test_a_kind_of_detail_the_best_entry_never_asks_is_a_signal(
    engine: Engine, question: str, entry: str, asks_beyond: bool
) -> None:
    signals = engine.matcher.signals(question)
    best = engine.matcher.entry_ids[int(signals.combined.argmax())]
    assert best == entry
    assert signals.features[FEATURES.index("entry_detail")] == float(asks_beyond)
    assert (engine.ask(question, TODAY).outcome == "answered") is not asks_beyond


@pytest.mark.parametrize("word", ["truc", "bidule"])
def test_small_talk_needs_one_of_its_words(engine: Engine, word: str) -> None:
    assert engine.ask(word, TODAY).outcome != "smalltalk"  # not "ciao" for the encoder


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the same words as "who selected them?": only their order tells them apart
        ("qui a été sélectionné finalement ?", "winners"),
        ("so who got chosen in the end?", "winners"),
        ("au final, qui a retenu les projets ?", "selection-process"),
        ("who picked the projects in the end?", "selection-process"),
    ],
)
def test_word_order_tells_who_was_chosen_from_who_chose(
    engine: Engine, question: str, expected: str
) -> None:
    assert engine.ask(question, TODAY).entry_id == expected


def test_spelling_correction_leaves_short_real_words_alone(engine: Engine) -> None:
    # "paix" is one letter from "prix": a 4-letter word is not corrected ("la paix" was
    # answered with the cost entry); longer typos still are.
    assert engine.matcher.analyse("la paix") == ["la", "paix"]
    assert engine.matcher.analyse("candidaturre")[0] != "candidaturre"
    assert engine.ask("la paix", TODAY).outcome != "answered"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        # words of a kind of detail that, here, ask what the entry says
        ("le bac à sable est-il accessible aux associations ?", "who-can-apply"),
        ("quelle était la date exacte de clôture de l'appel ?", "deadline"),
        ("le projet de la RATP a-t-il abouti à un rapport ?", "project-ratp"),
        ("quelles sont les conclusions du rapport final ?", "final-report"),
    ],
)
def test_eligibility_and_dates_are_not_details_beyond_the_entry(
    engine: Engine, question: str, entry: str
) -> None:
    reply = engine.ask(question, TODAY)
    assert (reply.outcome, reply.entry_id) == ("answered", entry)


def test_a_word_nobody_uses_weighs_less_than_a_word_of_the_questions_to_decline(
    engine: Engine,
) -> None:
    # "AEPD" is a word of the questions to decline; "tondu" (of "trois pelés et un tondu")
    # is of none: a deadline question lacks more with the first than with the second.
    matcher = engine.matcher
    deadline = matcher.entry_ids.index("deadline")
    declined = matcher.missing_of("aepd date limite")(deadline)
    unseen = matcher.missing_of("tondu date limite")(deadline)
    assert 0 < unseen < declined


def test_a_greeting_and_a_large_number_are_not_what_an_entry_lacks(engine: Engine) -> None:
    # "bjr" and "1 500 habitants" say nothing of what is asked; "les 12 projets" does.
    matcher = engine.matcher
    public = matcher.entry_ids.index("public-bodies")
    plain = matcher.missing_of("une commune peut postuler")(public)
    assert matcher.missing_of("bjr une commune de 1500 habitants peut postuler")(public) == plain
    assert matcher.missing_of("une commune de 12 peut postuler")(public) > plain
    assert matcher.missing_of("bonjour merci")(public) == 0


def test_what_came_of_a_project_its_entry_does_not_say_is_offered(engine: Engine) -> None:
    # A project's entry says what it is, not what came of it: offered, not answered
    match = engine.matcher.match("did the Nantes water project really cut consumption?")
    assert (match.decision, match.best and match.best.entry_id) == ("suggest", "project-nantes")
    match = engine.matcher.match("what is the Nantes water project?")
    assert (match.decision, match.best and match.best.entry_id) == ("answer", "project-nantes")


def test_a_projects_model_or_a_count_its_entry_does_not_give_is_offered(engine: Engine) -> None:
    # Albert's entry says it runs on an open model, not which one; no project entry gives a
    # count of anything: offered, not answered
    for question, entry in [
        ("quel modèle exactement utilise Albert ?", "project-albert"),
        ("the France Travail project: how many advisers?", "project-france-travail"),
    ]:
        match = engine.matcher.match(question)
        assert (match.decision, match.best and match.best.entry_id) == ("suggest", entry)


def test_a_request_to_confirm_is_no_word_of_the_question(engine: Engine) -> None:
    # "confirm" was corrected to "confie" ("entrusts"), a word of another entry
    assert engine.matcher.correct("confirm") == "confirmer"
    match = engine.matcher.match("Kindly confirm the closing date for receipt of applications.")
    assert (match.decision, match.best and match.best.entry_id) == ("answer", "deadline")


def test_the_faqs_own_typos_are_read_as_the_words_they_miss(engine: Engine) -> None:
    # "winers" and "dealine" are in phrasings: read as the words, and a question's
    # "winnrs" is corrected to the word, not to the typo
    correct = engine.matcher.correct
    assert correct("winers") == correct("winnrs") == "winners"
    assert correct("dealine") == "deadline"
    # a word one letter away but replaced, not left out, is no typo of it
    assert correct("protect") == "protect"
