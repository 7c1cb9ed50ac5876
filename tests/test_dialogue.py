"""The conversation's pure logic: parts of a message, follow-ups, composition, buttons."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY

from bot.dialogue import (
    DECLINED,
    Context,
    Response,
    asks_source,
    asks_why,
    editions,
    elliptical,
    parse_action,
    parts,
    placed,
    read,
    refers_back,
    remembered,
)
from bot.engine import Engine

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("qui peut candidater ?", ["qui peut candidater ?"]),
        # who writes frames a question of its own; a clause of context stays with it
        (
            "Je suis journaliste pour un média local : quels projets ont été retenus ?",
            ["Je suis journaliste pour un média local", "quels projets ont été retenus ?"],
        ),
        (
            "public hospital here, could we have applied?",
            ["public hospital here, could we have applied?"],
        ),
        (
            "on est une commune on bosse sur un assistant, il est encore temps de s'inscrire ?",
            ["on est une commune on bosse sur un assistant", "il est encore temps de s'inscrire ?"],
        ),
        (
            "je suis bénévole, on m'a parlé d'un bac à sable sur les seniors, c'est bien ça ?",
            ["je suis bénévole, on m'a parlé d'un bac à sable sur les seniors, c'est bien ça ?"],
        ),
        # a question word on each side of "et": two questions
        (
            "c'était quand la date limite et les résultats sont tombés quand ?",
            ["c'était quand la date limite", "et les résultats sont tombés quand ?"],
        ),
        # ... but "et selon quelle procédure" goes on with the same question
        (
            "qui a choisi les projets lauréats, et selon quelle procédure ?",
            ["qui a choisi les projets lauréats, et selon quelle procédure ?"],
        ),
        # an inverted subject or an auxiliary first asks too; "deux questions :" is a preamble
        (
            "deux questions : est-ce payant, et une startup peut-elle candidater seule ?",
            ["deux questions :", "est-ce payant", "et une startup peut-elle candidater seule ?"],
        ),
        (
            "how is it different from the AI Act sandboxes, and would selection shield us?",
            ["how is it different from the AI Act sandboxes", "and would selection shield us?"],
        ),
        # a prepositional phrase with a verb of its own is a second question
        (
            "How I can apply and in which stage must the project be?",
            ["How I can apply", "and in which stage must the project be?"],
        ),
        # another one named by its number alone; not after "entre"
        (
            "what was the 1st edition about, the 2nd, and the 4th?",
            ["what was the 1st edition about", "the 2nd", "and the 4th?"],
        ),
        ("c t quoi la 1ere edition et la 2e ?", ["c t quoi la 1ere edition", "et la 2e ?"]),
        (
            "quelle différence entre la 1re et la 2e édition ?",
            ["quelle différence entre la 1re et la 2e édition ?"],
        ),
        ("la date limite de la 3e édition ?", ["la date limite de la 3e édition ?"]),
        (
            "le projet de la RATP pis celui de Nantes?",
            ["le projet de la RATP", "pis celui de Nantes?"],
        ),
        # a prepositional question with a clause of its own is a second question
        (
            "un rectorat peut-il candidater, et à quel stade de développement doit se trouver "
            "le projet ?",
            [
                "un rectorat peut-il candidater",
                "et à quel stade de développement doit se trouver le projet ?",
            ],
        ),
        # indirect questions after "je souhaiterais savoir", one after a comma
        (
            "je voudrais savoir comment ça marche, ce que comprend l'accompagnement",
            ["je voudrais savoir comment ça marche", "ce que comprend l'accompagnement"],
        ),
        # a preamble ("quick ones:") and ordinals ("and second,") are not questions
        (
            "quick ones: how does it work, how long does the support run?",
            ["quick ones:", "how does it work", "how long does the support run?"],
        ),
        (
            "first, is it a regulatory sandbox, and second, what does the report say?",
            ["first, is it a regulatory sandbox", "and second, what does the report say?"],
        ),
        (
            "merci ! et c'était quand la date limite ?",
            ["merci !", "et c'était quand la date limite ?"],
        ),
        (
            "quelle est la date limite et est-ce que les collectivités peuvent postuler ?",
            ["quelle est la date limite", "et est-ce que les collectivités peuvent postuler ?"],
        ),
        ("super merci bcp, et les résultats ?", ["super merci bcp,", "et les résultats ?"]),
        ("public ou privé, qui peut candidater ?", ["public ou privé, qui peut candidater ?"]),
        (
            "c'est quoi le bac à sable, comment on candidate ?",
            ["c'est quoi le bac à sable", "comment on candidate ?"],
        ),
        ("great, thanks a lot! is it free?", ["great, thanks a lot!", "is it free?"]),
        (
            "c quoi Albert et c quoi le projet de nantes",
            ["c quoi Albert", "et c quoi le projet de nantes"],
        ),
        (
            "le bac a sable est ouvert a tout le monde ?",
            ["le bac a sable est ouvert a tout le monde ?"],
        ),
        ("Who can apply?What is the deadline?", ["Who can apply?", "What is the deadline?"]),
        (
            "1) quel service suit les projets 2) ça dure combien de temps",
            ["1) quel service suit les projets", "2) ça dure combien de temps"],
        ),
        (
            "what's the difference with the AI Act sandboxes + can we skip GDPR?",
            ["what's the difference with the AI Act sandboxes", "+ can we skip GDPR?"],
        ),
        (
            "quand a été lancé l'appel et jusqu'à quand on pouvait déposer ?",
            ["quand a été lancé l'appel", "et jusqu'à quand on pouvait déposer ?"],
        ),
        (
            "thanks for the help earlier. is the sandbox free?",
            ["thanks for the help earlier.", "is the sandbox free?"],
        ),
        ("hey, who are you?", ["hey,", "who are you?"]),
        ("resultats du bac a sable ?", ["resultats du bac a sable ?"]),  # not "re" + "sultats"
        ("history of the sandbox", ["history of the sandbox"]),
        ("les gagnants c'était qui ? merci", ["les gagnants c'était qui ?", "merci"]),
        (  # "or" joins the two halves of one question
            "is it only for public bodies or can other organisations join too?",
            ["is it only for public bodies or can other organisations join too?"],
        ),
        (  # "et son …" that asks nothing is not a second question
            "la différence entre le bac à sable et son dispositif renforcé.",
            ["la différence entre le bac à sable et son dispositif renforcé."],
        ),
        (  # SMS question words
            "qd a été lancé l'appel + cb de projets visés ?",
            ["qd a été lancé l'appel", "+ cb de projets visés ?"],
        ),
        # a clause after a completed comparison; question words after commas; an ordinal
        (
            "Quelle est la différence entre ce dispositif et l'accompagnement renforcé, et une "
            "ARS aurait-elle pu candidater ?",
            [
                "Quelle est la différence entre ce dispositif et l'accompagnement renforcé",
                "et une ARS aurait-elle pu candidater ?",
            ],
        ),
        (
            "AAP lancé quand, clos quand, résultats quand ?",
            ["AAP lancé quand", "clos quand", "résultats quand ?"],
        ),
        (
            "qui a choisi les projets, et selon quelle procédure ?",
            ["qui a choisi les projets, et selon quelle procédure ?"],
        ),
        (
            "what is the thema of the 4. edition of sandbox?",
            ["what is the thema of the 4. edition of sandbox?"],
        ),
        ("1. la date ? 2. les lauréats ?", ["1. la date ?", "2. les lauréats ?"]),
        (
            "Quels étaient les thèmes de la première et de la deuxième édition svp ?",
            [
                "Quels étaient les thèmes de la première édition svp ?",
                "Quels étaient les thèmes de la deuxième édition svp ?",
            ],
        ),
        (
            "entre la 3e et la 4e édition, quelle différence ?",
            ["entre la 3e et la 4e édition, quelle différence ?"],
        ),
        ("ok merci. cloture", ["ok merci.", "cloture"]),
        (
            "difference avec sandbox AI act + lien avec accompagnement renforce",
            ["difference avec sandbox AI act", "lien avec accompagnement renforce"],
        ),
        ("albert + france travail ?", ["albert + france travail ?"]),
        (
            "la RATP et Nantes, ils ont fait quoi chacun ?",
            ["la RATP, ils ont fait quoi chacun ?", "Nantes, ils ont fait quoi chacun ?"],
        ),
        ("la RATP et Nantes ont fait quoi ?", ["la RATP et Nantes ont fait quoi ?"]),
        # small talk before a colon, "hi there", "ça va ?" (not "ça va être quand"), "dis,"
        (
            "Merci pour votre patience, une dernière chose : est-ce que la CNIL fera un autre appel ?",
            [
                "Merci pour votre patience, une dernière chose",
                "est-ce que la CNIL fera un autre appel ?",
            ],
        ),
        (
            "hi there thank you so much what was the fourth sandbox about",
            ["hi there thank you so much", "what was the fourth sandbox about"],
        ),
        ("salut ça va ? dis, qui a gagné", ["salut ça va ?", "dis,", "qui a gagné"]),
        # "(1) … and (2) …": one question each; not "the (2) phases"
        (
            "Kindly advise (1) whether selection is a certification and (2) how to reach the CNIL.",
            [
                "Kindly advise (1) whether selection is a certification",
                "(2) how to reach the CNIL.",
            ],
        ),
        ("what are the (2) phases", ["what are the (2) phases"]),
        ("ça va être quand la prochaine édition ?", ["ça va être quand la prochaine édition ?"]),
        ("merci bcp !! et sinon, la date ?", ["merci bcp !!", "et sinon, la date ?"]),
        ("s'il vous plaît, qui a été retenu ?", ["s'il vous plaît,", "qui a été retenu ?"]),
        # "fine." and "je comprends" end a sentence as thanks; "fine print" and "je comprends
        # pas, …" do not; "excusez-moi de vous déranger" is courtesy as a whole
        ("fine. and how do I apply?", ["fine.", "and how do I apply?"]),
        ("fine print of the call?", ["fine print of the call?"]),
        (
            "Je comprends, merci. Et une association ?",
            ["Je comprends, merci.", "Et une association ?"],
        ),
        (
            "je comprends pas, c'est quoi le bac à sable",
            ["je comprends pas, c'est quoi le bac à sable"],
        ),
        (
            "Bonjour, excusez-moi de vous déranger, qui peut candidater ?",
            ["Bonjour, excusez-moi de vous déranger,", "qui peut candidater ?"],
        ),
        # a list after "trois dates :", each item a question, one word or more
        (
            "Pour le discours il me faut trois dates : lancement de l'appel, clôture, annonce "
            "des lauréats",
            ["lancement de l'appel", "clôture", "annonce des lauréats"],
        ),
        ("how to apply / deadline / cost", ["how to apply", "deadline", "cost"]),
        # two numbered editions, the noun after the first one, or "first"
        (
            "c'etait quoi le theme de la 1ere edition et de la 2eme",
            [
                "c'etait quoi le theme de la 1ere edition",
                "c'etait quoi le theme de la 2eme edition",
            ],
        ),
        (
            "what were the first and the second editions about",
            ["what were the first edition about", "what were the second edition about"],
        ),
        # three short items without a verb; not "the AESIA sandbox, how it works?"
        (
            "thème 3e édition, date de lancement, contact",
            ["thème 3e édition", "date de lancement", "contact"],
        ),
        (
            "And the spanish one, the AESIA sandbox, how it works?",
            ["And the spanish one, the AESIA sandbox, how it works?"],
        ),
        # after "et": whether, a preposition and a question word with a verb of its own,
        # "que comprend", "faut"; not "et pour quelles raisons ?", which asks about the first
        (
            "vous pouvez me dire si c'est réglementaire, et si être pris veut dire que la cnil valide",
            [
                "vous pouvez me dire si c'est réglementaire",
                "et si être pris veut dire que la cnil valide",
            ],
        ),
        (
            "combien de temps ca prend et a qui je telephone pour en parler",
            ["combien de temps ca prend", "et a qui je telephone pour en parler"],
        ),
        (
            "Quels dossiers ont été refusés et pour quelles raisons ?",
            ["Quels dossiers ont été refusés et pour quelles raisons ?"],
        ),
        (
            "Quel service suit les projets, et que comprend l'accompagnement ?",
            ["Quel service suit les projets", "et que comprend l'accompagnement ?"],
        ),
        ("on peut candidater et faut envoyer quoi", ["on peut candidater", "et faut envoyer quoi"]),
        # "ainsi que" after a request asks for something else as well
        (
            "Pourriez-vous m'indiquer le coût de la participation ainsi que la durée de "
            "l'accompagnement ?",
            [
                "Pourriez-vous m'indiquer le coût de la participation",
                "la durée de l'accompagnement ?",
            ],
        ),
        # the period of an abbreviation ends no sentence
        (
            "did the final report say anything about Art. 22 GDPR, cf. the AI Act?",
            ["did the final report say anything about Art. 22 GDPR, cf. the AI Act?"],
        ),
        # a condition after a comma is no second question; "dacord." opens a message
        (
            "Would a selected project be shielded from a fine, should something go amiss?",
            ["Would a selected project be shielded from a fine, should something go amiss?"],
        ),
        ("ya eu d'autres editions avant ? sur koi", ["ya eu d'autres editions avant ? sur koi"]),
        # "y aura t il" without hyphens asks, as "y aura-t-il" does
        (
            "c'etait qui les laureats, et y aura t il un autre appel",
            ["c'etait qui les laureats", "et y aura t il un autre appel"],
        ),
        (
            "dacord. et pole emploi ils ont fait quoi",
            ["dacord.", "et pole emploi ils ont fait quoi"],
        ),
        # "n" typed for "and" before a question; a question word and its verb start another
        (
            "wat are the phases of the support n who at cnil actually handles it",
            ["wat are the phases of the support", "who at cnil actually handles it"],
        ),
        (
            "when did the call open when did it close",
            ["when did the call open", "when did it close"],
        ),
        ("do you know when did the call close", ["do you know when did the call close"]),
        ("ce n est pas fermé ?", ["ce n est pas fermé ?"]),
        # "right," acknowledges; "right to be forgotten" is a right
        ("right, and who can apply?", ["right,", "and who can apply?"]),
        ("right to be forgotten?", ["right to be forgotten?"]),
        # an aside is no item of a list
        (
            "Une édition portait, je crois, sur la santé numérique.",
            ["Une édition portait, je crois, sur la santé numérique."],
        ),
        ("", []),
    ],
)
def test_parts(message: str, expected: list[str]) -> None:
    assert parts(message) == expected


@pytest.mark.parametrize(
    ("text", "follows", "points"),
    [
        ("c'était quoi sa date limite ?", True, True),
        ("where can I download it?", True, False),  # "it" as subject or object: weak
        ("on peut le lire où ?", True, True),
        ("et pour la RATP ?", True, False),
        ("what about the deadline?", True, False),
        ("qui peut candidater à l'appel à projets de la CNIL ?", False, False),
        ("what is the deadline of the call for projects", False, False),
        ("ils font quoi concrètement ?", True, False),  # a subject pronoun: may point back
        # An inversion after a named subject points nowhere: "le bac à sable est-il…"
        ("Le bac à sable est-il ouvert aux hôpitaux publics ?", False, False),
        ("un chercheur peut il postuler à l'appel à projets de la CNIL ?", False, False),
        # more of what was just said; where to find it
        ("Pourriez-vous m'en dire davantage ?", True, True),
        ("tell me more please", True, True),
        ("Où les trouver ?", True, True),
        ("comment on contacte la CNIL pour en savoir plus", False, False),
    ],
)
def test_elliptical(text: str, follows: bool, points: bool) -> None:
    assert elliptical(text) is follows
    assert refers_back(text) is points


def context(engine: Engine, question: str) -> Context:
    reading = read(engine, question, TODAY)
    [part] = reading.parts
    assert part.reply.entry_id is not None
    return Context(part.reply.entry_id, question, reading.lang, NOW)


def answered(engine: Engine, message: str, ctx: Context | None = None) -> list[str | None]:
    reading = read(engine, message, TODAY, context=ctx)
    return [p.reply.entry_id for p in reading.parts if p.reply.outcome == "answered"]


def test_a_follow_up_takes_its_subject_from_the_context(engine: Engine) -> None:
    ctx = context(engine, "c quoi la 4e edition du bac a sable")
    assert ctx.entry_id == "edition-seniors"
    reading = read(engine, "c'était quoi sa date limite ?", TODAY, context=ctx)
    assert [p.reply.entry_id for p in reading.parts] == ["edition-seniors"]
    assert reading.parts[0].with_context
    # Without the context, the same words are the 3rd edition's deadline.
    assert answered(engine, "c'était quoi sa date limite ?") == ["deadline"]


def test_an_acknowledgement_with_a_typo_is_not_the_question(engine: Engine) -> None:
    ctx = context(engine, "c quoi le projet albert")
    assert answered(engine, "dacord. et pole emploi ils ont fait quoi", ctx) == [
        "project-france-travail"
    ]


def test_a_sigh_or_a_formal_acknowledgement_is_not_the_question(engine: Engine) -> None:
    # "ugh." and "Fort bien." open the message; they are not follow-ups of the last answer
    ctx = context(engine, "is the 2023 one still accepting apps")
    assert answered(engine, "ugh. what about the seniors one?", ctx) == ["edition-seniors"]
    ctx = context(engine, "Et cela coûte-t-il quelque chose à ceux qui y participent ?")
    assert answered(engine, "Fort bien. Et qui a été retenu cette fois-ci ?", ctx) == ["winners"]


def test_who_is_it_for_after_a_question_is_about_the_sandbox_not_the_bot(engine: Engine) -> None:
    assert answered(engine, "c quoi le bac a sable et c'est pour qui") == [
        "what-is-sandbox",
        "who-can-apply",
    ]


def test_since_when_after_a_declined_question_is_about_it(engine: Engine) -> None:
    # "depuis quand ?" names nothing of its own: it asks about the president, not the call
    assert answered(engine, "Qui préside la CNIL aujourd'hui, et depuis quand ?") == []


def test_a_thing_the_last_answer_speaks_of_is_asked_about_there(engine: Engine) -> None:
    # the sectors that were no priority name EdTech: "et l'edtech ?" asks about it there,
    # not about the EdTech edition; a question about that edition still reaches it
    ctx = context(engine, "les cameras augmentees c'etait exclu de l'appel ?")
    assert ctx.entry_id == "priority-sectors"
    assert answered(engine, "et l'edtech ?", ctx) == ["priority-sectors"]
    assert answered(engine, "et l'édition EdTech elle a eu lieu quand ?", ctx) == ["edition-edtech"]


def test_what_an_entry_never_gives_is_declined_not_answered(engine: Engine) -> None:
    # the AI department's entry gives no creation date (its answer's year is the results'),
    # the health edition's entry no project names
    ctx = context(engine, "c'est quoi le service IA de la CNIL ?")
    assert ctx.entry_id == "ai-department"
    assert answered(engine, "il a été créé quand ce service ?", ctx) == []
    assert answered(engine, "c'etait quoi les 12 projets du bac a sable santé ?") == []


def test_a_clear_question_wins_over_the_context(engine: Engine) -> None:
    ctx = context(engine, "c quoi la 4e edition du bac a sable")
    reading = read(engine, "qui peut candidater à l'appel à projets ?", TODAY, context=ctx)
    assert [p.reply.entry_id for p in reading.parts] == ["who-can-apply"]
    assert not reading.parts[0].with_context
    # Short, in another language, after a short question: still a question of its own.
    assert answered(engine, "who can apply?", context(engine, "date limite ?")) == ["who-can-apply"]


def test_a_follow_up_about_a_thing_stays_on_it(engine: Engine) -> None:
    # The 4th edition is a thing (entity: true): "they" are its organisers, and the
    # question is not the general one about this call's number of projects.
    ctx = context(engine, "c quoi la 4e edition du bac a sable")
    assert answered(engine, "et ils cherchaient combien de projets ?", ctx) == ["edition-seniors"]
    # Short, it may lean on the last answer however clear it is alone: about the 4th
    # edition, whose entry does not give its number of applications (not answered, the
    # edition offered); after a general answer it is the general question.
    reading = read(engine, "combien de candidatures ?", TODAY, context=ctx)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [
        ("unanswered", "edition-seniors")
    ]
    ctx_general = context(engine, "c'est quoi le bac à sable ?")
    assert answered(engine, "combien de candidatures ?", ctx_general) == ["applications-received"]
    # After an answer about no thing, a question naming its subject is its own.
    ctx = context(engine, "pourquoi l'IA dans les services publics ?")
    assert answered(engine, "combien de projets la CNIL voulait-elle accompagner ?", ctx) == [
        "projects-sought"
    ]


def test_a_follow_up_asking_what_the_faq_lacks_is_declined(engine: Engine) -> None:
    # The reader's fourth candidate: none of the entries.
    ctx = context(engine, "quelles sont les phases de l'accompagnement ?")
    reading = read(engine, "et la phase 2 démarre à quelle date précise ?", TODAY, context=ctx)
    [part] = reading.parts
    assert part.reply.outcome == "unanswered" and part.with_context
    # "I don't have that; here is what I know": the entry it follows, as a choice.
    assert [s.entry_id for s in part.reply.suggestions] == ["support-phases"]


def test_a_follow_up_asking_a_detail_no_answer_gives_is_declined(engine: Engine) -> None:
    # decline_detail: a budget, a brand, names, whether a tool is already in use
    ctx = context(engine, "le projet de Nantes Métropole, il consiste en quoi ?")
    [part] = read(engine, "et il a coûté quel budget ?", TODAY, context=ctx).parts
    assert part.reply.outcome == "unanswered"
    assert [s.entry_id for s in part.reply.suggestions] == ["project-nantes"]
    ctx = context(engine, "what is the Albert project?")
    assert answered(engine, "is it already deployed in prefectures?", ctx) == []
    # The same pronoun asking what the entry says is answered.
    assert answered(engine, "who built it?", ctx) == ["project-albert"]


def test_a_detail_is_declined_only_when_no_candidate_entry_asks_it(engine: Engine) -> None:
    # Albert's phrasings ask whether it runs on an open model, not which one by name: its
    # answer names none, so it is offered, not answered
    ctx = context(engine, "c'est quoi le projet Albert ?")
    assert answered(engine, "il repose sur un modèle ouvert ?", ctx) == ["project-albert"]
    [part] = read(engine, "il tourne sur quel modèle ?", TODAY, context=ctx).parts
    assert part.reply.outcome != "answered"
    assert [s.entry_id for s in part.reply.suggestions] == ["project-albert"]
    assert answered(engine, "c'est Mistral ou Llama derrière ?", ctx) == []
    # the committee's members are not paid volunteers of any answer…
    ctx = context(engine, "qui a choisi les lauréats ?")
    assert answered(engine, "et ils étaient rémunérés, les membres ?", ctx) == []
    # …but a budget after eligibility is a question for the entry on cost
    ctx = context(engine, "une petite commune peut-elle candidater ?")
    assert answered(engine, "on n'a pas de budget, est-ce que c'est payant ?", ctx) == ["cost"]


def test_small_talk_inside_a_sentence_is_not_the_question(engine: Engine) -> None:
    message = "bonne soirée à vous, juste une question rapide : où lire le rapport final ?"
    assert parts(message)[-1] == "où lire le rapport final ?"
    assert answered(
        engine, "salam, tu vas bien ? t'es sympa, dis moi c'est quoi la date limite"
    ) == ["deadline"]
    # A goodbye after a sentence that asks nothing is the goodbye.
    [part] = read(engine, "ah dommage pour nous. bonne soirée", TODAY).parts
    assert part.reply.entry_id == "goodbye"


def test_it_after_an_answer_is_what_it_was_about_not_the_bot(engine: Engine) -> None:
    ctx = context(engine, "where can I read the final report?")
    assert answered(engine, "what topics does it cover?", ctx) == ["final-report"]
    # Spoken to the bot, small talk stays small talk.
    [part] = read(engine, "what can you do?", TODAY, context=ctx).parts
    assert part.reply.entry_id == "what-can-you-do"


def test_thanks_for_something_then_a_question(engine: Engine) -> None:
    message = "coucou merci pour ton aide, c'était quand la date limite deja"
    assert parts(message) == ["coucou merci pour ton aide", "c'était quand la date limite deja"]
    assert answered(engine, message) == ["deadline"]


def test_who_writes_is_context_even_without_a_question_mark(engine: Engine) -> None:
    message = (
        "bonjour alors voila je suis agent d'accueil a la mairie et on a un projet de chatbot "
        "et mon elu m'a demande de regarder le bac a sable de la cnil est ce que c'est encore "
        "possible de candidater maintenant parce que on est un peu en retard"
    )
    assert answered(engine, message) == ["deadline"]
    message = "Je suis journaliste pour un média local : quels projets la CNIL a-t-elle retenus ?"
    assert answered(engine, message) == ["winners"]
    assert answered(engine, "we are a startup, could we have applied?") == ["private-companies"]


def test_another_authoritys_scheme_is_declined_and_so_is_what_follows(engine: Engine) -> None:
    assert answered(engine, "le bac à sable de l'ARCEP, c'est quoi ?") == []
    assert answered(engine, "Does the ICO run an AI sandbox, and how do I apply?") == []
    assert answered(engine, "l'AMF a un programme pour les fintech ? on y candidate comment") == []
    # ... and a funder's (ours does not fund)
    assert answered(engine, "Bpifrance finance-t-elle les projets d'IA des collectivités ?") == []
    # Ours, compared with theirs, is ours.
    assert answered(
        engine, "votre bac à sable, ça fonctionne comment ? chez nous à l'APD c'est différent"
    ) == ["how-it-works"]
    # Theirs, compared with ours, is theirs; so are other state bodies' studies.
    assert answered(engine, "Garante in Italy has a sandbox like the CNIL? how to join?") == []
    assert answered(engine, "la Cour des comptes a publié un rapport sur l'IA publique ?") == []
    assert answered(engine, "does the HAS run a sandbox like the CNIL's for health AI?") == []
    message = (
        "Le Défenseur des droits a-t-il un programme comme celui de la CNIL ? comment candidater ?"
    )
    assert answered(engine, message) == []
    assert answered(engine, "l'ANR a un appel sur l'IA publique ? on candidate comment ?") == []
    # Theirs named only as a term of comparison: the question is about ours.
    message = "Is this a proper regulatory sandbox like the FCA one, where the rules get relaxed?"
    assert answered(engine, message) == ["not-regulatory-sandbox"]
    assert answered(engine, "how is the ICO sandbox different from the FCA one?") == []
    # ... but an example of other authorities stays theirs
    for message in (
        "do regulators like the ICO have sandboxes?",
        "des autorités comme l'ICO ont-elles un bac à sable ?",
    ):
        reading = read(engine, message, TODAY)
        assert [p.reply.outcome for p in reading.parts] == ["unanswered"]
    # a programme of the DINUM's own, not its project with us
    message = (
        "la DINUM a un programme d'accompagnement IA pr les collectivites ? comment y entrer ?"
    )
    assert answered(engine, message) == []
    assert answered(engine, "c'est quoi le projet de la DINUM ?") == ["project-albert"]
    # another country's sandbox
    message = "Which authority will operate Italy's AI regulatory sandbox, and when will it open?"
    assert answered(engine, message) == []


def test_kinds_of_body_the_faq_does_not_name_are_read_as_those_it_does(engine: Engine) -> None:
    assert answered(engine, "notre EPCI aurait pu déposer un dossier ?") == ["public-bodies"]
    assert answered(engine, "could a county council have applied?") == ["public-bodies"]


def test_tell_me_more_is_about_what_the_message_just_said(engine: Engine) -> None:
    message = "c'était quoi la 1re édition ? Pourriez-vous m'en dire davantage ?"
    assert answered(engine, message) == ["edition-health"]
    message = (
        "Une édition portait, je crois, sur la santé numérique. Pourriez-vous m'en dire plus ?"
    )
    assert answered(engine, message) == ["edition-health"]


def test_which_ones_after_a_declined_question_is_declined_too(engine: Engine) -> None:
    for message in (
        "La CNIL a-t-elle publié des fiches pratiques sur les systèmes d'IA ? Lesquelles ?",
        "La CNIL a-t-elle publié des fiches pratiques sur l'IA ? Où les trouver ?",
    ):
        reading = read(engine, message, TODAY)
        assert [p.reply.outcome for p in reading.parts] == ["unanswered"], message


def test_a_bare_detail_after_an_offered_question_is_about_it(engine: Engine) -> None:
    # The first is only offered (the entry does not say whether it worked); "any figures?"
    # asks its figures, not some entry's that has figures.
    message = "did the Albert pilot actually shorten queues? any numbers?"
    assert answered(engine, message) == []


def test_at_first_is_when_not_which_edition(engine: Engine) -> None:
    assert answered(engine, "how many projects did the CNIL want to support at first?") == [
        "projects-sought"
    ]


def test_an_off_topic_question_after_an_answer_is_declined(engine: Engine) -> None:
    ctx = context(engine, "c'est quoi le projet Albert ?")
    reading = read(engine, "what will the weather be like in Lyon tomorrow?", TODAY, context=ctx)
    assert [p.reply.outcome for p in reading.parts] == ["unanswered"]


def test_a_second_question_only_suggested_alone_is_answered_too(engine: Engine) -> None:
    message = "un chercheur peut il postuler ? sinon c'est quoi le tel de la cnil"
    assert answered(engine, message) == ["individuals-researchers", "contact"]


def test_small_talk_is_not_what_a_question_follows(engine: Engine) -> None:
    # "est-il" is no pointer, and "merci pour ce service" is not the question's subject.
    reading = read(engine, "Bonjour et merci pour ce service :) qui peut candidater ?", TODAY)
    assert [p.reply.entry_id for p in reading.parts] == ["who-can-apply"]


def test_a_new_subject_in_a_follow_up_wins(engine: Engine) -> None:
    ctx = context(engine, "c'est quoi le projet Albert ?")
    assert answered(engine, "et nantes ?", ctx) == ["project-nantes"]


def test_the_second_question_of_a_message_asks_something_else(engine: Engine) -> None:
    # "celui de France Travail" points back, but not to the same project.
    message = "c'est quoi le projet de Nantes ? et celui de France Travail ?"
    assert answered(engine, message) == ["project-nantes", "project-france-travail"]
    message = "qd a été lancé l'appel + cb de projets visés ?"
    assert answered(engine, message) == ["call-launched", "projects-sought"]


def test_a_second_question_about_the_same_subject_keeps_it(engine: Engine) -> None:
    # "sa" / "its" is the edition just named: not the 3rd edition's deadline.
    message = "c'était quoi le 4e bac à sable ? et sa date limite ?"
    assert answered(engine, message) == ["edition-seniors"]
    assert answered(engine, "what was the 2022 edition about? and its deadline?") == [
        "edition-edtech"
    ]
    # ... or when the second question is not a clear question of its own: "leurs critères"
    # are the selection's; "their report" is not the winners' entry
    assert answered(engine, "qui a choisi les projets ? et leurs critères ?") == [
        "selection-process"
    ]
    assert answered(engine, "qui a été retenu ? et où lire leur rapport ?") == [
        "winners",
        "where-reports",
    ]


def test_qu_est_ce_que_and_y_a_tu_open_a_second_question(engine: Engine) -> None:
    message = "ou lire le rapport final et qu'est ce qu'il contient"
    assert answered(engine, message) == ["where-reports", "final-report"]
    message = "C'est quoi le thème de la 3e édition, pis y'a-tu eu une 4e après?"
    assert answered(engine, message) == ["third-edition", "edition-seniors"]


def test_on_the_one_hand_on_the_other_hand_asks_two_things(engine: Engine) -> None:
    message = (
        "Je souhaiterais connaître d'une part le nombre de candidatures reçues, "
        "d'autre part les modalités de sélection des lauréats."
    )
    assert answered(engine, message) == ["applications-received", "selection-process"]


def test_a_subject_named_then_taken_up_by_a_pronoun_is_read_on_its_own(engine: Engine) -> None:
    context = Context(
        "accompagnement-renforce", "c'est quoi l'accompagnement renforcé ?", "fr", NOW
    )
    reading = read(engine, "Et le bac à sable, il est ouvert à qui ?", TODAY, context=context)
    assert [p.reply.entry_id for p in reading.parts] == ["who-can-apply"]


def test_pourquoi_cet_ecart_asks_the_reason_of_the_last_answer() -> None:
    assert asks_why("Pourquoi cet écart ?") and asks_why("why this difference?")
    assert not asks_why("pourquoi ce bac a sable est utile pour nous ?")


def test_a_second_question_about_a_declined_first_one_is_declined(engine: Engine) -> None:
    message = "does the ICO in the UK run a sandbox like the CNIL one? how do I apply there?"
    reading = read(engine, message, TODAY)
    assert [p.reply.outcome for p in reading.parts] == ["unanswered"]
    # ... but not after small talk that is not a question
    message = "C'est bien aimable. Et les projets choisis, ils sont accompagnés combien de temps ?"
    assert answered(engine, message) == ["support-phases"]
    # ... and when the first asks without a question mark
    message = "What's the AMF's fintech sandbox about, and can a startup join it?"
    assert answered(engine, message) == []


def test_two_questions_get_two_answers_with_sources_once(engine: Engine) -> None:
    message = "quelle est la date limite et est-ce que les collectivités peuvent postuler ?"
    reading = read(engine, message, TODAY)
    assert [p.reply.entry_id for p in reading.parts] == ["deadline", "public-bodies"]
    from bot.dialogue import compose

    html = compose(reading, TODAY, engine)
    assert html.count("Source") == 1  # one line of sources for the whole reply
    assert "clos depuis le 30 septembre 2023" in html
    assert "collectivités" in html


def test_small_talk_and_a_question_answers_the_question(engine: Engine) -> None:
    assert answered(engine, "merci ! et c'était quand la date limite ?") == ["deadline"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("salut ! t'es qui toi ?", "who-are-you"),
        ("hello! what can you help me with?", "what-can-you-do"),
    ],
)
def test_a_greeting_and_a_question_to_the_bot_answers_the_question(
    engine: Engine, message: str, expected: str
) -> None:
    reading = read(engine, message, TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [("smalltalk", expected)]


def test_when_a_project_did_something_is_offered_not_answered(engine: Engine) -> None:
    # The project's entry gives no date of its own (its answer's date is the report's)
    reading = read(engine, "On which exact date did the support of the RATP project end?", TODAY)
    [part] = reading.parts
    assert part.reply.outcome == "suggested"
    assert [s.entry_id for s in part.reply.suggestions][:1] == ["project-ratp"]
    # an entry whose phrasings ask when keeps its answer
    assert answered(engine, "d'ici quand les bacs à sable de l'AI Act doivent-ils exister ?") == [
        "ai-act-sandbox"
    ]


def test_items_joined_by_plus_are_questions_not_context(engine: Engine) -> None:
    assert answered(engine, "date limite + ca coute cb ?") == ["deadline", "cost"]


def test_a_sentence_of_context_is_not_answered_as_a_question(engine: Engine) -> None:
    message = "on est pas pret cette annee, on pourra candidater a une prochaine session ?"
    assert answered(engine, message) == ["next-call"]


def test_a_sentence_of_context_frames_the_question_after_it(engine: Engine) -> None:
    message = "on est une startup, on peut postuler au bac a sable de la cnil ?"
    assert answered(engine, message) == ["private-companies"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # the question says little; the sentence before it says what it is about
        (
            "je bosse dans un département, on a un projet d'IA pour trier les demandes de "
            "RSA. ça rentre dans le cadre ?",
            "eligible-projects",
        ),
        # two sentences of context before the question, not only the last one
        (
            "on est une startup, on build un LLM pour les collectivités, on est eligible ou "
            "c'est only public sector ?",
            "private-companies",
        ),
    ],
)
def test_the_sentences_that_frame_a_question_weigh_as_much_as_it(
    engine: Engine, message: str, expected: str
) -> None:
    assert answered(engine, message) == [expected]


def test_a_clear_question_after_a_sentence_of_context_keeps_its_own_answer(
    engine: Engine,
) -> None:
    message = "Hello, our NGO is maybe interested. Who can apply to this sandbox exactly?"
    assert answered(engine, message) == ["who-can-apply"]


def test_a_greeting_is_never_offered_for_the_question_after_it(engine: Engine) -> None:
    message = (
        "Good morning, hope you're well. Could a French hospital trust apply, out of interest?"
    )
    [part] = read(engine, message, TODAY).parts
    assert part.reply.entry_id != "hello" and part.text.startswith("Could")


def test_a_greeting_before_a_question_the_faq_lacks_is_a_decline(engine: Engine) -> None:
    message = (
        "Bonjour, nous sommes un CHU et voulons utiliser des comptes rendus médicaux pour "
        "affiner un LLM. Faut-il une autorisation préalable de la CNIL ?"
    )
    [part] = read(engine, message, TODAY).parts
    assert part.reply.outcome == "unanswered"


def test_a_long_message_is_read_wherever_its_question_stands(engine: Engine) -> None:
    message = (
        "Bonjour, qui peut candidater au bac à sable ? Je travaille pour une petite commune "
        "de l'Ain et nous réfléchissons depuis plusieurs mois à un agent conversationnel "
        "pour l'accueil de la mairie, avec un prestataire local et l'appui du département, "
        "mais nous ne savons pas encore si nous irons jusqu'au bout du projet cette année."
    )
    assert "who-can-apply" in answered(engine, message)


def test_the_follow_up_of_a_declined_question_is_declined(engine: Engine) -> None:
    reading = read(engine, "comment faire un passeport ? et ça coûte combien ?", TODAY)
    assert not any(p.reply.outcome == "answered" for p in reading.parts)


def test_response_json_lists_every_answer() -> None:
    response = Response("fr", "<b>x</b>")
    data = response.to_json()
    assert data["answers"] == [] and data["answer"] == "x" and data["outcome"] == "info"


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("e:fr:deadline", ("e", ("fr", "deadline"))),
        ("e:de:deadline", ("", ())),
        ("c:eligibility", ("c", ("eligibility",))),
        ("f:12:-1", ("f", ("12", "-1"))),
        ("f:x:1", ("", ())),
        ("l:en", ("l", ("en",))),
        ("t", ("t", ())),
        ("zz", ("", ())),
    ],
)
def test_parse_action(action: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert parse_action(action) == expected


@pytest.mark.parametrize("ask", ["source ?", "vous avez le lien ?", "any official link?"])
def test_asking_for_the_source_gets_the_last_answer_again_with_its_sources(
    engine: Engine, ask: str
) -> None:
    ctx = context(engine, "les résultats de l'appel sont sortis quand ?")
    assert ctx.entry_id == "results-date"
    [part] = read(engine, ask, TODAY, context=ctx).parts
    assert (part.reply.outcome, part.reply.entry_id, part.with_context) == (
        "answered",
        "results-date",
        True,
    )
    assert "<i>Source" in part.reply.html


def test_a_source_word_inside_a_question_is_not_a_source_ask() -> None:
    assert asks_source("sources ?") and asks_source("d'où ça vient ?")
    assert not asks_source("le lien du rapport ?") and not asks_source("link to apply?")


@pytest.mark.parametrize("ask", ["pourquoi ?", "why not?", "Pour quelle raison ?", "mais pk"])
def test_a_bare_why_asks_the_reason_of_the_last_answer(engine: Engine, ask: str) -> None:
    # not the FAQ's "why does the CNIL care about data protection?" entry
    ctx = context(engine, "Une startup peut participer seule au bac à sable ?")
    assert ctx.entry_id == "private-companies"
    assert answered(engine, ask, ctx) == ["private-companies"]
    assert not asks_why("pourquoi la CNIL s'intéresse à l'IA ?") and not asks_why(
        "why is it closed?"
    )


def test_a_bare_why_gets_the_reason_the_faq_gives_for_the_last_answer(engine: Engine) -> None:
    # 8 winners where 3 projects were sought: the FAQ has an entry saying why
    ctx = context(engine, "combien de lauréats ont été retenus ?")
    assert ctx.entry_id == "winners"
    assert answered(engine, "pourquoi ?", ctx) == ["why-eight-projects"]


def test_an_elliptical_second_question_is_not_mere_context(engine: Engine) -> None:
    message = "what was the 2021 edition about? and the 2022 one"
    assert answered(engine, message) == ["edition-health", "edition-edtech"]


@pytest.mark.parametrize("ask", ["y avait combien de projets ?", "how many projects got in?"])
def test_a_short_question_after_an_answer_about_one_thing_is_about_it(
    engine: Engine, ask: str
) -> None:
    # Question words aside, two words say what it asks: the reader decides, and the
    # edition just answered wins over the 2023 call's target of projects.
    ctx = context(engine, "c'était sur quoi la 1re édition du bac à sable ?")
    assert ctx.entry_id == "edition-health"
    assert answered(engine, ask, ctx) == ["edition-health"]


def test_a_sentence_ending_with_a_full_stop_is_context_whatever_words_it_holds(
    engine: Engine,
) -> None:
    # "qui" is a relative pronoun here, not a question word
    message = (
        "Un hôpital peut-il candidater ? On est un petit établissement, et on a un projet "
        "d'assistant qui aiderait les agents à répondre aux demandes des usagers avec de l'IA."
    )
    assert answered(engine, message) == ["public-bodies"]


def test_a_decline_is_remembered_only_when_nothing_was_answered_before(engine: Engine) -> None:
    declined = read(engine, "l'ARCEP a aussi un bac à sable ?", TODAY)
    assert [p.reply.outcome for p in declined.parts] == ["unanswered"]
    ctx = remembered(declined, None, NOW)
    assert ctx is not None and (ctx.entry_id, ctx.question) == (DECLINED, "")  # no words kept
    # "il" is the ARCEP's sandbox: declined too, not our own call's audience
    assert answered(engine, "il s'adresse à qui ?") != []  # alone, some entry of ours
    assert answered(engine, "il s'adresse à qui ?", ctx) == []
    assert answered(engine, "merci. et il s'adresse à qui ?", ctx) == []
    assert answered(engine, "how do you apply there?", ctx) == []
    assert answered(engine, "is there a next call?", ctx) == ["next-call"]  # not "over there"
    # naming our own sandbox, or asking without pointing back, is a question of its own
    assert answered(engine, "et le vôtre il est ouvert à qui ?", ctx) == ["who-can-apply"]
    assert answered(engine, "qui peut candidater à l'appel à projets ?", ctx) == ["who-can-apply"]
    # "elles" after the verb is the subject just named, not the ARCEP's
    asked = "Jusqu'à quelle date les candidatures étaient-elles recevables ?"
    assert answered(engine, asked, ctx) == ["deadline"]
    # After an answer, a declined detail leaves that answer as the context.
    last = context(engine, "c quoi la 4e edition du bac a sable")
    assert remembered(declined, last, NOW) is None


def test_another_one_named_by_its_number_is_answered_too(engine: Engine) -> None:
    assert answered(engine, "what was the 2021 edition about, and the 2022 one") == [
        "edition-health",
        "edition-edtech",
    ]


def test_a_follow_up_of_a_suggestion_is_read_against_what_was_offered(engine: Engine) -> None:
    offered = read(
        engine, "Le projet de la RATP, c'était de la vidéosurveillance algorithmique ?", TODAY
    )
    assert [(p.reply.outcome, p.reply.entry_id) for p in offered.parts] == [
        ("suggested", "project-ratp")
    ]
    ctx = remembered(offered, None, NOW)
    assert ctx is not None and ctx.entry_id == "project-ratp"
    # ("… dans le bilan ?" has leant to the report itself since the small-talk entries got
    # more phrasings: a known loss, README)
    assert answered(engine, "et il s'appelle comment ?", ctx) == ["project-ratp"]


def test_an_ordinal_after_a_list_points_into_it(engine: Engine) -> None:
    # four projects got lighter support, three of them named: "the fourth" is the unnamed
    # one, not the 4th edition; declined, with that answer offered
    ctx = context(engine, "which projects only got lighter support?")
    assert ctx.entry_id == "lighter-support"
    for message in ("and the fourth one?", "c'était quoi le quatrième ?"):
        reading = read(engine, message, TODAY, context=ctx)
        assert [p.reply.outcome for p in reading.parts] == ["unanswered"]
        assert reading.parts[0].reply.suggestions[0].entry_id == "lighter-support"
    # naming the edition, or after an answer about editions, it is the edition
    assert answered(engine, "and the fourth edition?", ctx) == ["edition-seniors"]
    ctx = context(engine, "c'était quoi la 2e édition du bac à sable ?")
    assert answered(engine, "et la quatrième ?", ctx) == ["edition-seniors"]


def test_three_things_listed_are_each_answered(engine: Engine) -> None:
    message = "le thème de la 1re édition, de la 2e et de la 4e svp"
    assert answered(engine, message) == ["edition-health", "edition-edtech", "edition-seniors"]


def test_a_message_that_changes_the_subject_is_read_alone(engine: Engine) -> None:
    ctx = context(engine, "c quoi la 4e edition du bac a sable")
    assert answered(engine, "et ils cherchaient combien de projets ?", ctx) == ["edition-seniors"]
    assert answered(engine, "autre sujet : combien de candidatures ?", ctx) == [
        "applications-received"
    ]


def test_praise_before_a_question_is_small_talk_not_its_context(engine: Engine) -> None:
    message = "Thank you a lot, very helpful. One more: what is this Sport Data Hub?"
    assert answered(engine, message) == ["lighter-support"]


def test_chatter_closest_to_small_talk_is_neither_context_nor_what_a_pronoun_points_at(
    engine: Engine,
) -> None:
    # "bot, cool stuff." and "love that … haha." are closest to small talk, even when only
    # suggested: the question after them is read alone.
    message = "hey bot, cool stuff. whats the difference btw this and the AI Act sandbox"
    assert answered(engine, message) == ["ai-act-sandbox"]
    message = "Hey, love that the CNIL has a bot now haha. Was there a fee to apply btw?"
    assert answered(engine, message) == ["cost"]
    # "et sinon": both words open the question after them
    assert answered(engine, "merci bcp t'es top 👍 et sinon ça coute combien de candidater") == [
        "cost"
    ]


def test_a_follow_up_may_take_up_the_words_of_an_answer(engine: Engine) -> None:
    # "end" is in the answer about the projects sought ("In the end, the CNIL chose 4
    # winners"), never in its phrasings: with the answers' words, nothing is missing.
    at = engine.matcher.entry_ids.index("projects-sought")
    assert engine.matcher.missing_of("and in the end?")(at) > 0
    assert engine.matcher.missing_of("and in the end?", answers=True)(at) == 0
    ctx = context(engine, "how many projects was the call originally meant to support")
    assert ctx.entry_id == "projects-sought"
    # the follow-up gets the final count: that answer's, or the one giving every count
    # (whose phrasings ask "how many were chosen in the end?")
    assert answered(engine, "and in the end?", ctx) in (["projects-sought"], ["why-eight-projects"])


def test_a_part_after_a_question_without_a_question_mark_may_ask_one(engine: Engine) -> None:
    # Its own answer is sure and it ends with no full stop: a question, not context.
    message = "Is the call still open? If not is a new one planned"
    assert answered(engine, message) == ["deadline", "next-call"]
    message = "selected = approved by cnil? also contact"
    assert answered(engine, message) == ["selection-not-endorsement", "contact"]
    # a sentence ending with a full stop after the question gives context
    message = "les particuliers peuvent-ils participer ? Je pensais à nos lecteurs."
    assert answered(engine, message) == ["individuals-researchers"]


def test_a_follow_up_the_reader_is_sure_of_is_answered(engine: Engine) -> None:
    # "lesquels ?" alone or with the question before only suggests the winners; the
    # reader, which also weighs "none of them", finds them far more likely: answered.
    ctx = context(engine, "la cnil voulait accompagner combien de projets avec cet appel ?")
    assert ctx.entry_id == "projects-sought"
    assert answered(engine, "lesquels ?", ctx) == ["winners"]


def test_excuse_me_is_small_talk(engine: Engine) -> None:
    message = "Bonjour, excusez-moi, c'est quoi exactement ce « bac à sable » de la CNIL ?"
    assert answered(engine, message) == ["what-is-sandbox"]


def test_a_question_pointing_back_at_mere_context_is_still_answered(engine: Engine) -> None:
    # "ça" points at "la prochaine édition", not at "ben gros!", which asks nothing: only a
    # part after a declined *question* is declined with it.
    message = "Merci ben gros! Pis la prochaine édition, ça s'en vient-tu?"
    assert answered(engine, message) == ["next-call"]
    assert answered(engine, "comment faire un passeport ? et ça coûte combien ?") == []


def test_a_demonstrative_is_not_a_word_of_the_topic(engine: Engine) -> None:
    # "celui", "celle": stopwords; "Nantes" alone says which project
    ctx = context(engine, "le projet Albert il fait quoi ?")
    assert answered(engine, "et celui de Nantes ?", ctx) == ["project-nantes"]


def test_a_correction_takes_back_what_it_corrects(engine: Engine) -> None:
    # After an answer: the words after "sorry, I meant" are the question, read with the
    # question before (they lean on it)
    ctx = context(engine, "final report date?")
    assert ctx.entry_id == "final-report"
    reading = read(
        engine, "no sorry, I meant the date the winners were announced", TODAY, context=ctx
    )
    assert [(p.text, p.reply.entry_id) for p in reading.parts] == [
        ("the date the winners were announced", "results-date")
    ]
    # "non la 3" is not the answer it corrects: the other entries, as choices
    ctx = context(engine, "c'est quand la date limite de la 4e edition")
    assert ctx.entry_id == "edition-seniors"
    [part] = read(engine, "non la 3", TODAY, context=ctx).parts
    assert part.reply.outcome == "suggested"
    assert "edition-seniors" not in [s.entry_id for s in part.reply.suggestions]
    # ... unless its own words ask that answer again
    ctx = context(engine, "qui a gagné ?")
    assert answered(engine, "non je voulais dire qui a gagné", ctx) == ["winners"]
    # Inside a message: the question taken back is not answered
    assert answered(
        engine,
        "c'est quoi la différence avec l'AI Act... non pardon, d'abord : c'est quoi ce bac à "
        "sable ? et ensuite en quoi il diffère du bac à sable de l'AI Act",
    ) == ["what-is-sandbox", "ai-act-sandbox"]
    # "je voulais savoir" opens questions too: no correction without "non" or "pardon"
    assert answered(engine, "je voulais savoir qui a gagné") == ["winners"]


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    import bot.dialogue

    assert doctest.testmod(bot.dialogue).failed == 0


def test_the_editions_and_their_order_come_from_the_faq(engine: Engine) -> None:
    eds = editions(engine.kb)
    assert eds.entry == {
        1: "edition-health",
        2: "edition-edtech",
        3: "third-edition",
        4: "edition-seniors",
    }
    assert eds.current == 3  # the edition most entries' phrasings name


def test_an_edition_named_by_its_place_is_read_by_its_number(engine: Engine) -> None:
    ctx = context(engine, "c'est quoi la 2e édition du bac à sable ?")
    assert ctx.entry_id == "edition-edtech"
    assert answered(engine, "Et celle d'avant, c'était sur quoi ?", ctx) == ["edition-health"]
    assert answered(engine, "and the one after it?", ctx) == ["third-edition"]
    # counted from the edition it names, or the latest
    assert answered(engine, "Et après la santé, il y a eu quoi ?") == ["edition-edtech"]
    assert answered(engine, "et le dernier en date, il portait sur quoi ?") == ["edition-seniors"]
    # after the last one the FAQ knows: the entry on what comes next
    ctx = context(engine, "c'est quoi la 4e édition ?")
    assert answered(engine, "anything after that?", ctx) == ["next-call"]
    # not a place: a time, a step, the reports of the editions
    ctx = context(engine, "c'était quand la date limite ?")
    assert answered(engine, "que se passe-t-il après la sélection ?", ctx) == ["support-phases"]
    assert placed(engine, "il fallait candidater avant quand ?", "edition-seniors", "fr") is None
    assert placed(engine, "les bilans des éditions précédentes sont publiés ?", None, "fr") is None
    assert placed(engine, "wasn't one of the earlier sandboxes on edtech?", None, "en") is None
    # out of the blue, "before" counts from this call's edition, unless an edition is named
    assert answered(engine, "ya eu d'autres editions avant ? sur koi") == [
        "edition-health",
        "edition-edtech",
    ]
    assert answered(engine, "was there a health edition before this one?") == ["edition-health"]
    # "the previous ones were…", "antérieures"; an edition named before the place is the one
    ctx = context(engine, "c'est quoi le thème de la 3e édition ?")
    assert answered(engine, "and the previous ones were about which topics", ctx) == [
        "edition-health",
        "edition-edtech",
    ]
    ask = "La santé avait-elle déjà fait l'objet d'une édition antérieure du dispositif ?"
    assert placed(engine, ask, "third-edition", "fr") is None


def test_two_things_joined_by_and_are_two_questions(engine: Engine) -> None:
    assert answered(
        engine, "tell me about the seniors edition and the France Travail project pls"
    ) == ["edition-seniors", "project-france-travail"]
    assert answered(engine, "la RATP et Nantes ont fait quoi ?") == [
        "project-ratp",
        "project-nantes",
    ]
    # not two things: words said by many entries, a comparison
    assert answered(
        engine, "Pourriez-vous me rappeler l'année et la thématique du premier bac à sable ?"
    ) == ["edition-health"]
    assert answered(engine, "Le bac à sable et l'accompagnement renforcé, c'est pareil ?") == [
        "accompagnement-renforce"
    ]


def test_a_follow_up_about_another_edition_is_not_answered_with_this_call(engine: Engine) -> None:
    # After the 4th edition, "who won?" asks about its winners: the 3rd edition's are not
    # an answer. Declined, with that edition offered.
    ctx = context(engine, "c quoi la 4e edition du bac a sable")
    for message in ("et qui a gagné ?", "les lauréats de celle-là, c'est qui ?"):
        reading = read(engine, message, TODAY, context=ctx)
        assert [p.reply.outcome for p in reading.parts] == ["unanswered"], message
        assert reading.parts[0].reply.suggestions[0].entry_id == "edition-seniors"
    # its own status, or an edition named, is answered
    assert answered(engine, "et elle est encore ouverte, celle-là ?", ctx) == ["edition-seniors"]
    assert answered(engine, "et les lauréats de la 3e édition ?", ctx) == ["winners"]
    # the same in one message: the second question leans on the first one's edition
    assert answered(engine, "C'est sur quoi, la silver économie? Pis c'est encore ouvert?") == [
        "edition-seniors"
    ]
    # ... but its winners are asked of it too, which its entry does not give: offered
    reading = read(engine, "How many projects did the seniors sandbox want, and who won?", TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [
        ("suggested", "edition-seniors")
    ]


def test_a_detail_asked_in_a_part_of_its_own_is_asked_of_the_answered_part(
    engine: Engine,
) -> None:
    # "which company built it?" alone is no question the FAQ answers; it asks about what
    # the first question named, whose entry gives no maker: offered, not answered
    for message, entry in [
        ("How much did the DILA project cost, and which company built it?", "cost"),
        ("What LLM does Albert run on exactly? Mistral? Llama? Which version?", "project-albert"),
    ]:
        reading = read(engine, message, TODAY)
        assert [p.reply.outcome for p in reading.parts] == ["suggested"], message
        assert reading.parts[0].reply.suggestions[0].entry_id == entry, message
    # two questions the FAQ answers are each answered
    reading = read(engine, "c'est gratuit ? et qui peut candidater ?", TODAY)
    assert [p.reply.entry_id for p in reading.parts] == ["cost", "who-can-apply"]


def test_a_bare_question_word_after_a_declined_question_is_declined(engine: Engine) -> None:
    # "comment ?" has no subject of its own: it asks how to do what was declined, not how
    # to apply to the sandbox
    message = (
        "on veut analyser les mails des usagers avec ChatGPT, on doit les informer ? comment ?"
    )
    reading = read(engine, message, TODAY)
    assert [p.reply.outcome for p in reading.parts] == ["unanswered"]


def test_texting_shorthand_and_thanks_without_apostrophe(engine: Engine) -> None:
    # "hw", "wen": the FAQ never writes them, so they are read as "how", "when"
    assert answered(engine, "hw do i apply, is there a form somewhere?") == ["how-to-apply"]
    assert answered(engine, "wen is the deadlin for the cnil sandbox") == ["deadline"]
    # "thats really helpful" thanks, like "that's helpful"
    reading = read(engine, "thx thats really helpful", TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [("smalltalk", "thanks")]


def test_a_declined_question_is_not_dropped_for_the_small_talk_beside_it(engine: Engine) -> None:
    for message in (
        "Bonjour, vous allez bien ? Quel temps fera-t-il demain à Lyon ?",
        "bonjour, on voudrait entraîner une IA sur les dossiers patients de nos médecins, faut "
        "demander le consentement de chaque patient ou pas ? merci d'avance on est un peu perdus",
    ):
        reading = read(engine, message, TODAY)
        assert [p.reply.outcome for p in reading.parts] == ["unanswered"], message
    # ... but a question to the bot, beside a remark, is still answered
    message = "Ha, a chatbot explaining AI regulation, how very meta. Do you keep what I type?"
    reading = read(engine, message, TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [
        ("smalltalk", "bot-privacy")
    ]


def test_more_of_a_question_to_the_bot_is_about_the_bot(engine: Engine) -> None:
    message = (
        "Avant de vous poser mes questions : ce que j'écris ici, c'est enregistré ? transmis à "
        "quelqu'un ? Je ne voudrais pas que mon employeur le lise."
    )
    reading = read(engine, message, TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [
        ("smalltalk", "bot-privacy")
    ]


@pytest.mark.parametrize(
    "message",
    [
        # a bare "by whom?" asks more of the question to the bot, not who can apply
        "Les messages que j'envoie ici sont conservés ? Par qui ?",
        # each part only offers it; the whole message answers it
        "are you keeping this conversation? do my messages go into training some model?",
        # a part with words of its own, far surer with the question to the bot before it
        "Avant d'aller plus loin : ce que je vous écris ici, est-ce que c'est enregistré "
        "quelque part, et est-ce que la CNIL pourrait le lire ?",
        # the first answers it, the second only offers it
        "Before I continue: are my messages in this chat stored, and are they used to train "
        "any model?",
    ],
)
def test_a_question_to_the_bot_in_two_parts(engine: Engine, message: str) -> None:
    reading = read(engine, message, TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [
        ("smalltalk", "bot-privacy")
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("ok merci beaucoup c'est gentil, ça nous aide bcp", "thanks"),
        ("Merci, c'est très clair. Je me réjouis de lire le rapport final.", "thanks"),
        ("Bonjour, j'espère que je ne vous dérange pas", "hello"),
    ],
)
def test_a_remark_beside_thanks_asks_nothing(engine: Engine, message: str, expected: str) -> None:
    reading = read(engine, message, TODAY)
    assert [p.reply.entry_id for p in reading.parts] == [expected]


def test_a_request_beside_thanks_is_answered(engine: Engine) -> None:
    reading = read(engine, "merci. je cherche la date limite", TODAY)
    assert [p.reply.entry_id for p in reading.parts] == ["deadline"]


def test_that_call_is_the_one_its_frame_names(engine: Engine) -> None:
    message = (
        "I understand a later edition focused on the ageing population. "
        "Could you give me the theme and the timeline of that call?"
    )
    reading = read(engine, message, TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [
        ("answered", "edition-seniors")
    ]
    # not when the question asks about this call
    reading = read(engine, "We build AI for EdTech. It is priority for this call?", TODAY)
    assert [p.reply.entry_id for p in reading.parts] == ["priority-sectors"]


def test_one_question_in_three_sentences_is_read_whole(engine: Engine) -> None:
    # each sentence alone answers something else, with less confidence than the whole
    message = (
        "pourquoi la cnil s occupe de l intelligence artificielle ? c est pas plutot un sujet "
        "technique ? quel rapport avec les donnees perso"
    )
    reading = read(engine, message, TODAY)
    assert [p.reply.entry_id for p in reading.parts] == ["why-data-protection"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # the association applies, the town hall is its partner
        (
            "Une association culturelle qui travaille avec la mairie sur la médiation "
            "numérique aurait-elle pu candidater ?",
            "private-companies",
        ),
        ("un citoyen lambda peut participer ?", "individuals-researchers"),
        ("un syndicat intercommunal ca peut postuler ou c reserve a l etat ?", "public-bodies"),
    ],
)
def test_whether_a_kind_of_applicant_may_apply(engine: Engine, message: str, expected: str) -> None:
    reading = read(engine, message, TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [("answered", expected)]


def test_a_foreign_public_body_is_not_read_as_ours(engine: Engine) -> None:
    reading = read(engine, "Un organisme public québécois pouvait-il déposer un dossier ?", TODAY)
    assert [p.reply.outcome for p in reading.parts] != ["answered"]


@pytest.mark.parametrize(
    "message",
    [
        "Qu'est-ce qui a conduit la CNIL à retenir l'intelligence artificielle dans les "
        "services publics pour cette troisième édition ?",
        "What was the rationale for making AI in public services the theme of the third edition?",
    ],
)
def test_a_reason_asked_is_the_entry_that_gives_it(engine: Engine, message: str) -> None:
    reading = read(engine, message, TODAY)
    assert [(p.reply.outcome, p.reply.entry_id) for p in reading.parts] == [
        ("answered", "why-ai-public-services")
    ]


def test_a_reason_is_not_asked_of_an_entry_that_gives_reasons(engine: Engine) -> None:
    # why-ai-public-services gives a reason itself: not sent on to why-data-protection
    reading = read(engine, "Pourquoi avoir choisi l'IA dans les services publics ?", TODAY)
    assert [p.reply.entry_id for p in reading.parts] == ["why-ai-public-services"]
