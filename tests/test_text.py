"""Normalisation, language-neutral: folding, elisions, stemming."""

from __future__ import annotations

import pytest

from bot.text import applicant, details, fold, stem, tokens, words


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
        ("jusqu'au 30/09", ["jusque", "au", "30", "09"]),  # the word asking for an end stays
        ("jusqua quand", ["jusque", "a", "quand"]),
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


def test_how_and_for_whom_to_answer_are_not_words_of_the_topic() -> None:
    assert tokens("what is the sandbox, in one sentence for our readers?") == ["sandbox"]
    assert tokens("le bac à sable en une phrase, pour mon mémoire") == ["bac", "sable"]
    assert tokens("c koi le bac a sable en gros") == ["koi", "bac", "sable"]
    assert tokens("how does the sandbox work, in a nutshell?") == ["how", "sandbox", "work"]


def test_ordinals_are_one_word_however_written() -> None:
    fifth = {stem(w) for w in ("5e", "5eme", "5ieme", "cinquieme", "5th", "fifth")}
    assert fifth == {"5e"}
    assert stem("1re") == stem("premiere") == stem("1st") == "1e"
    assert stem("2023") == "2023" and stem("4") == "4"  # years and numbers stay
    # "numéro 4", "n°2", "number 3", "#1" are ordinals too; "no 4 projects" is not
    assert words("le bac à sable numéro 4") == ["le", "bac", "a", "sable", "4e"]
    assert words("n°2, number 3, #1") == ["2e", "3e", "1e"]
    assert words("no 4 projects") == ["no", "4", "projects"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quel modèle utilise Albert, et son budget ?", {"model_name", "money"}),
        ("who sat on the committee? their names please", {"members", "names"}),
        ("Ekonom'IA est-il déjà déployé ?", {"deployed"}),
        ("combien d'agents de la RATP ont participé ?", {"figures"}),
        ("Le projet de la DILA est-il en production ?", {"deployed"}),
        ("Which language model is Albert built on?", {"maker", "model_name"}),
        ("Qui étaient les membres du comité ?", {"person"}),  # who they were, by name
        ("l'IA en service public", set()),
        # "winners": which ones were chosen, not every mention of them
        ("How much money did the winners get?", {"money"}),
        ("le projet albert il marche encore en 2026 ?", {"deployed"}),
        ("Which French authority will run the AI Act sandbox?", {"authority"}),
        ("il a été créé quand ce service ?", {"created", "when"}),
        ("quand a été lancé l'appel ?", {"launch", "when"}),
        ("which projects were in it?", {"winners"}),
        ("what projects are eligible?", set()),
        ("what projects are in scope?", set()),
        ("is the call still running?", set()),
        ("le projet albert il a couté cb a l'etat ?", {"money"}),
        ("what LLM is it built on?", {"maker", "model_name"}),
        ("Quels hôpitaux ont été retenus en 2021 ?", {"winners"}),
        ("what do selected projects get?", set()),
        ("When will the winners of the seniors edition be announced?", {"winners", "when"}),
        ("Which EdTech companies won?", {"winners"}),
        ("Pis les lauréats de celle-là, c'est qui ?", {"winners"}),
        ("Quels projets avaient été retenus cette année-là ?", {"winners"}),
        ("the winners, who were they?", {"winners"}),
        ("les lauréats de l'édition EdTech, c'était qui ?", {"winners"}),
        ("Quels étaient les 12 projets retenus en 2021 ?", {"winners"}),
        ("Pouvez-vous citer des projets qui y avaient été sélectionnés ?", {"winners"}),
        ("les lauréats reçoivent quoi ?", set()),
        # a job or a seat at the CNIL; a share of a whole; which law
        ("la cnil recrute dans son service IA ?", {"jobs"}),
        ("comment devenir membre du comité de sélection", {"jobs"}),
        ("can a startup join the sandbox?", set()),
        ("What share of applicants were local authorities?", {"share"}),
        ("elle est encore autorisée ? quelle loi ?", {"legal"}),
        # who chose, not who was chosen
        ("Qui a sélectionné les lauréats de la 3e édition ?", {"chooser"}),
        ("who picked the winning projects?", {"chooser"}),
        ("Albert, porté par qui ?", set()),
        # legal advice on a project: a legal basis, retention, a DPIA, sanctions, an article
        ("quelle base légale pour entraîner notre modèle ?", {"advice"}),
        ("How long can a city keep lidar data under GDPR?", {"legal"}),
        ("fine, how do I reach them?", set()),  # "fine" is not a fine
        ("Who was the contact person for the RATP project?", {"names"}),
        ("what became of them, did they get deployed in the end?", {"deployed"}),
        ("how many projects were picked?", {"count"}),
        ("quelle est la date limite ?", set()),
        ("the brandy", set()),  # a word, not its prefix
        # an opinion on the asker's own case, which no answer gives
        ("notre outil est-il conforme au RGPD selon vous ?", {"advice"}),
        ("is our chatbot GDPR compliant?", {"advice"}),
        ("Si on est retenus, notre projet est conforme ?", {"advice"}),
        ("faut il informer les usagers qu'ils parlent a une IA ?", {"advice"}),  # no hyphen
        ("doit on faire une aipd pour notre chatbot", {"advice"}),
        ("What benefits can AI bring, in your view?", set()),
        ("quelle base légale utiliser pour notre chatbot ?", {"advice"}),
        ("Do we need a DPIA for it?", {"advice"}),
        ("le bac à sable dispense-t-il de faire une AIPD ?", {"legal"}),  # what the sandbox does
        ("does the sandbox make a project compliant?", set()),
        # a body in France, a researcher's nationality, how the sandbox works: no detail
        ("une commune française peut-elle candidater ?", set()),
        ("I'm a German researcher, can I apply?", set()),
        ("how does the sandbox actually work?", set()),
        ("Were outside experts on the selection committee?", set()),
        ("Ça a donné quoi pour la RATP ?", set()),
    ],
)
def test_details(text: str, expected: set[str]) -> None:
    assert details(fold(text)) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("notre dossier n'a pas été retenu, peut-on contester ?", "appeal"),
        ("how do we get access to Albert in our town hall?", "access"),
        ("le projet de la DILA a-t-il abouti ?", "outcome"),
        ("CNIL AI department, how big is the team?", "figures"),
        ("le nom de la personne responsable svp", "names"),
        ("Who sat on the committee? names please", "names"),
        ("Qui sont les lauréats de l'édition seniors ?", "winners"),
        ("Which authority will supervise the AI Act in France?", "authority"),
        ("What did the CNIL conclude about lidar?", "outcome"),
        ("Which CNIL commissioner deals with AI?", "members"),
        # details no answer gives: the applicants' list, the CNIL's president, a licence,
        # source code, a complaint
        ("Can you give me the full list of the applicants?", "applicants"),
        ("la liste des candidatures non retenues est publique ?", "applicants"),
        ("et le président de la CNIL c'est qui", "members"),
        ("Sous quelle licence sont publiés les bilans ?", "licence"),
        ("lien github ?", "code"),
        ("on a reçu une plainte d'un administré, on fait quoi ?", "complaint"),
        ("how do we file a complaint against a competitor?", "complaint"),
        # a named person, a body outside France, a report's recommendations, what a
        # project achieved, whether something is legal
        ("Le nom du chargé de mission qui suit notre dossier ?", "person"),
        ("who is the head of the CNIL's AI department?", "person"),
        ("who were the outside experts on the committee?", "person"),
        ("Une commune belge pouvait-elle candidater ?", "foreign"),
        ("Can a Swiss canton apply, or is it French only?", "foreign"),
        ("Quelles recommandations concrètes sur la minimisation ?", "recommendations"),
        ("Did the water project really cut consumption?", "outcome"),
        ("l'outil est-il utilisé par les habitants ?", "deployed"),
        ("la vidéo algorithmique dans le métro, c'est légal ?", "advice"),
        ("Has any winner been fined since?", "sanctioned"),
        # when a law applies, what AI is, work asked of the bot, a CNIL opinion on a product,
        # what the asker's own system must do, a report's length, using a project ourselves
        ("l'AI Act, il entre en vigueur quand pour nous ?", "in_force"),
        ("what's the difference between machine learning and generative AI?", "concept"),
        ("can you write the application letter for our town hall?", "chore"),
        ("tu peux m'aider pour mes devoirs de philo ?", "chore"),
        ("la CNIL a-t-elle rendu un avis sur ce logiciel ?", "institution"),
        ("the footage must be anonymised before we train on it?", "advice"),
        ("le bilan fait combien de pages ?", "figures"),
        ("les lauréats de l'édition consacrée aux seniors, c'est qui ?", "winners"),
        ("c qui le chef de projet à la RATP ?", "person"),
        ("ça marche vraiment, ce truc ?", "outcome"),
        ("on peut utiliser Albert dans notre mairie ?", "access"),
        ("le bilan existe-t-il traduit en anglais ?", "translation"),
        ("quelle durée de conservation pour les images de la RATP ?", "retention"),
        ("what datasets did the Nantes team train on?", "datasets"),
        ("was the RATP tool evaluated for bias?", "performance"),
        ("did they roll it out across the network?", "deployed"),
        ("who is the project manager at France Travail?", "person"),
        ("GDPR or AI Act, which applies first?", "in_force"),
        ("l'IA va remplacer les agents d'accueil ?", "concept"),
        ("which member state was first?", "foreign"),
        ("la CNIL a publié un guide sur la vidéo augmentée ?", "institution"),
        ("Has Spain designated its sandbox authority yet?", "foreign"),
        ("what was the success rate for local authorities?", "share"),
        ("comment déclarer une violation de données ?", "complaint"),
        ("la CNIL met combien de temps pour répondre à un courrier ?", "institution"),
        ("has the water bill gone down since?", "outcome"),
        ("le dispositif est-il déjà installé dans les gares ?", "deployed"),
        ("on which servers is the data hosted?", "processing"),
        ("y a-t-il eu une cérémonie pour les lauréats ?", "event"),
        ("le rapport a-t-il un DOI ?", "citation"),
        ("pendant le test, on a le droit d'utiliser les fiches de paie ?", "lawful"),
        ("is the city allowed to send the footage to a vendor abroad?", "advice"),
        ("la CNIL a-t-elle sanctionné un lauréat depuis ?", "sanctioned"),
        ("la CNIL a-t-elle validé leur AIPD ?", "dpia"),
        ("combien de dossiers ont été reçus pour l'édition santé ?", "received"),
        ("quels projets ont été retenus pour l'édition seniors ?", "winners"),
        ("is the Sport Data Hub still active?", "deployed"),
        ("who funds it?", "money"),
        ("d'autres villes ont repris le projet ?", "access"),
        ("was the pilot a success?", "outcome"),
        ("who is on the team that built it?", "person"),
        ("quel modèle exactement, mistral ou llama ?", "model_name"),
        ("how many parameters does it have?", "model_name"),
        ("was the pilot with the Nantes residents a success?", "outcome"),
        ("la RATP a-t-elle lancé son outil dans le métro ?", "deployed"),
        ("Did the New Caledonia chatbot ever actually go live?", "deployed"),
        ("Who were the outside experts on the committee? I want names.", "names"),
        ("c'était lesquels ? j'ai besoin des noms", "names"),
        ("combien d'habitants utilisent Ekonom'IA aujourd'hui ?", "figures"),
        ("How many households' data were processed by the Nantes project?", "figures"),
        ("Was the Albert trial with France Services evaluated?", "outcome"),
        ("qui sera chargé du bac à sable réglementaire de l'AI Act en France ?", "authority"),
        ("Which language model does Albert run on, specifically?", "model_name"),
        ("Who runs France's AI Act regulatory sandbox, the CNIL?", "authority"),
        ("Who were the outside experts? Names, please.", "names"),
        ("Who at the DINUM led the Albert project?", "person"),
        ("the contact details of the project lead at Nantes Metropole", "person"),
        ("How much the DINUM spent to develop Albert?", "money"),
        ("Did the France Travail tool reduce the time of advisers?", "outcome"),
        ("Which hospitals participated in the health edition?", "winners"),
        ("Le Sport Data Hub traite quelles données exactement ?", "processing"),
        ("what % of the applicants were startups?", "share"),
        ("how many of the applications originated from local authorities?", "share"),
        ("Avons-nous le droit, au regard du droit d'auteur, d'utiliser ces œuvres ?", "advice"),
        ("Comment on désigne notre DPO auprès de la CNIL ?", "institution"),
        ("notre chatbot pour les usagers est conforme au RGPD ?", "advice"),
        ("Albert est-il accessible aux particuliers ?", "access"),
        ("Can my town reuse Albert for our own front desk?", "access"),
        ("can Lithuania reuse the code?", "access"),
        ("Can you intro me to the people at DINUM who run Albert?", "person"),
        ("Where is Albert hosted?", "processing"),
        ("Albert est hébergé où ?", "processing"),
        ("Does Albert store the questions of users?", "processing"),
        ("Does Albert hallucinate?", "performance"),
        ("Albert a été entraîné sur quelles données ?", "datasets"),
        ("Is Albert still used?", "deployed"),
        ("la cnil peut accompagner notre projet en dehors du bac a sable ?", "institution"),
        ("Does the CNIL run a label scheme for vendors, outside the sandbox?", "institution"),
        ("What is a FRIA under the AI Act?", "concept"),
        # whether one's own case is lawful; what must be done for it
        (
            "Notre département pourrait-il utiliser la reconnaissance faciale ? Est-ce autorisé ?",
            "advice",
        ),
        (
            "La région peut-elle le confier à une startup sans se mettre en infraction avec le RGPD ?",
            "advice",
        ),
        ("faut demander le consentement de chaque patient ou pas ?", "advice"),
        # the CNIL certifying a product or a person, not the sandbox
        ("Can the CNIL certify our AI product as GDPR compliant?", "institution"),
        ("Is there a CNIL certification for data protection officers?", "institution"),
        ("What precise share of the applications concerned generative AI?", "share"),
        ("Combien de lauréats de l'édition EdTech étaient des startups ?", "share"),
        ("Les lauréats de 2021, ils sont devenus quoi ?", "outcome"),
        ("Leurs projets ont abouti ou ont été abandonnés ?", "outcome"),
        # which model, named; another country's county council; their tool taken up
        ("quel LLM utilise Albert ?", "model_name"),
        ("which language model does Albert use?", "model_name"),
        ("Would an Irish county council be eligible though?", "foreign"),
        ("ma commune pourrait reprendre leur outil gratuitement ?", "access"),
        # who the CNIL's president is, a quote of theirs
        ("who is the CNIL's president?", "members"),
        ("le président de la cnil c'est qui", "members"),
        ("Vous auriez une citation de la présidente de la CNIL sur ce choix ?", "members"),
        ("Qui composait le comité ?", "composition"),
    ],
)
def test_more_kinds_of_detail(text: str, kind: str) -> None:
    assert kind in details(fold(text))


def test_the_law_applying_anyway_is_not_when_it_applies() -> None:
    assert "in_force" not in details(
        fold("et le RGPD s'applique quand même pendant l'accompagnement ?")
    )


def test_which_model_asks_its_name() -> None:
    # Albert's entry says it runs on an open language model, not which one: "which model?"
    # asks a name it does not give (the blind sets' writers decline it)
    assert "model_name" in details(fold("albert utilise quel modèle ?"))


def test_how_the_applications_were_judged_is_no_outcome() -> None:
    # a trial evaluated is what came of it; applications evaluated is the selection
    assert "outcome" not in details(fold("how were the applications evaluated?"))


def test_why_is_asked_in_more_words_too() -> None:
    assert words("Pour quelles raisons ce thème ?")[0] == "pourquoi"
    assert words("for what reasons was it chosen?")[0] == "why"


def test_where_a_report_is_put_online_is_no_hosting_of_data() -> None:
    assert details(fold("où est hébergé le rapport final ?")) == frozenset()
    assert "processing" not in details(fold("what data does the application file need?"))
    assert "money" not in details(fold("how much time will we spend on the sandbox?"))


def test_the_sandbox_open_to_some_is_no_access_to_a_tool() -> None:
    assert "access" not in details(fold("le bac à sable est-il accessible aux associations ?"))


def test_who_runs_our_sandbox_is_no_other_authority() -> None:
    assert "authority" not in details(fold("who runs the sandbox?"))


def test_a_share_of_the_applications_is_not_their_number() -> None:
    asked = details(fold("combien de candidatures venaient de collectivités ?"))
    assert "share" in asked and "received" not in asked


def test_the_askers_role_and_right_to_apply_are_no_detail() -> None:
    # "je suis cheffe de projet" says who asks, not who is asked about; "le droit de
    # postuler" asks whether one may apply, not whether something is lawful
    assert details(fold("je suis cheffe de projet, on a le droit de postuler ?")) == frozenset()


@pytest.mark.parametrize(
    ("text", "asks_when"),
    [
        ("la phase 2 elle commence quand exactement ?", True),
        ("phase 2 start date?", True),
        ("il a été créé en quelle année ?", True),
        ("c quand la date limite", True),
        ("ok when was it launched", True),
        ("by when must member states have theirs running?", True),
        # "quand" and "when" as conjunctions ask no date
        ("que se passe-t-il quand on est retenu ?", False),
        ("quand on est retenu on fait quoi", False),
        ("what happens when I am selected?", False),
        ("what was the deadline", False),
        ("c'est anonyme quand je te pose une question ?", False),
    ],
)
def test_when_is_asked_by_a_question_word_not_by_a_conjunction(text: str, asks_when: bool) -> None:
    assert ("when" in details(fold(text))) is asks_when


def test_whether_ones_own_case_is_lawful_is_advice_and_the_sandboxs_is_not() -> None:
    # No sandbox named: the asker's own case, an opinion no entry gives
    assert details(fold("on veut trier les mails des agents avec une IA, c'est légal ?")) == {
        "advice"
    }
    # The sandbox named: whether it lets one off the law (not-regulatory-sandbox)
    assert "lawful" in details(fold("dans le bac à sable, c'est légal de tester sans RGPD ?"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a certification asked of the sandbox is no other task of the CNIL
        ("la cnil certifie les projets du bac à sable ?", "institution"),
        ("so no certification at all?", "institution"),
        ("donc il n'est pas certifié conforme ?", "institution"),
        ("do we get a label or certificate at the end", "institution"),
        # the kind of model, or of AI, is no model named
        ("Sur quel type de modèle repose Albert, ouvert ou propriétaire ?", "model_name"),
        ("Is Albert built on an open language model?", "model_name"),
        ("what model of AI is eligible?", "model_name"),
        # the president choosing, the committee's make-up: selection-process answers them
        ("does the cnil president pick the projects", "members"),
        ("c'est le président de la CNIL qui choisit ?", "members"),
        ("composition du comité de sélection", "members"),
    ],
)
def test_kinds_of_detail_not_asked(text: str, kind: str) -> None:
    assert kind not in details(fold(text))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        (
            "Une association culturelle qui travaille avec la mairie peut-elle candidater ?",
            "private",
        ),
        ("We're a startup building tools for two prefectures. Are we eligible?", "private"),
        ("je vends un logiciel aux mairies, ma boite peut participer ?", "private"),
        ("une association étudiante peut participer ?", "private"),
        ("on est une startup financée par l'ARS, on peut postuler ?", "private"),
        ("Would a private outfit like ours have been eligible?", "private"),
        ("une petite commune de 2000 habitants elle peut postuler ?", "public"),
        ("Un centre hospitalier est-il recevable en tant que porteur de projet ?", "public"),
        ("un citoyen lambda peut participer ?", "individual"),
        ("can private individuals apply?", "individual"),
        ("je suis consultant indépendant, je peux postuler seul ?", "individual"),
        ("peut-on candidater en tant qu'association ?", "private"),
        # who may apply, not whether this one may; no applying asked; only a partner named
        ("qui peut postuler ? les communes ?", None),
        ("quelle est la date limite pour les communes ?", None),
        ("Could you explain whether the directive would apply to a project with a city?", None),
    ],
)
def test_applicant(question: str, kind: str | None) -> None:
    assert applicant(fold(question)) == kind
