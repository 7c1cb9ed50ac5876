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
    "decline_near": {
        "fr": (
            "Je n'ai pas de réponse sûre à cette question dans cette FAQ sur le bac à sable "
            "« données personnelles » de la CNIL (3e édition, IA et services publics), et je "
            "préfère ne pas deviner. Je ne donne pas non plus de conseil juridique sur un "
            "projet particulier.\n\n"
            "Le sujet le plus proche que je connais est ci-dessous. Pour le reste, consultez "
            f'<a href="{CNIL_URL}">cnil.fr</a>, où se trouve aussi le formulaire de contact de '
            "la CNIL."
        ),
        "en": (
            "I don't have a reliable answer to that in this FAQ on the CNIL's personal-data "
            "sandbox (3rd edition, AI for public services), and I'd rather not guess. Nor do I "
            "give legal advice on a particular project.\n\n"
            "The closest topic I know is below. For anything else, please see "
            f'<a href="{CNIL_URL}">cnil.fr</a>, which also has the CNIL\'s contact form.'
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


# -- Telegram conversation ------------------------------------------------------------------

TELEGRAM: Mapping[str, Mapping[Lang, str]] = {
    "start": {
        "fr": (
            "Bonjour ! Je réponds aux questions sur le <b>bac à sable « données personnelles » "
            "de la CNIL, 3e édition : l'intelligence artificielle au service des services "
            "publics</b> — qui pouvait candidater, jusqu'à quand, ce que le dispositif est et "
            "n'est pas, comment se déroule l'accompagnement, quels projets ont été retenus.\n\n"
            "Posez votre question en quelques mots, ou touchez un exemple ci-dessous. "
            "/topics pour parcourir les thèmes, /help pour l'aide.\n\n"
            "<i>Confidentialité : je garde le texte de vos questions sous un pseudonyme, "
            "{days} jours au plus, après en avoir retiré les coordonnées, numéros et noms "
            "que je reconnais (pas forcément tous). /privacy pour le détail, /forget pour "
            "les effacer.</i>"
        ),
        "en": (
            "Hello! I answer questions about the <b>CNIL's personal-data sandbox, 3rd edition: "
            "artificial intelligence for public services</b> — who could apply, by when, what "
            "the scheme is and is not, how the support works, which projects were selected.\n\n"
            "Ask your question in a few words, or tap an example below. "
            "/topics to browse, /help for help.\n\n"
            "<i>Privacy: I keep the text of your questions under a pseudonym, for {days} days "
            "at most, after removing the contact details, numbers and names I recognise (not "
            "necessarily all). /privacy for details, /forget to erase them.</i>"
        ),
    },
    "help": {
        "fr": (
            "Écrivez votre question comme elle vient, en français ou en anglais : "
            "« qui peut candidater ? », « date limite », « c'est un bac à sable "
            "réglementaire ? ».\n\n"
            "/topics — parcourir les thèmes\n/lang — choisir la langue\n"
            "/privacy — vos données\n/forget — effacer vos questions\n\n"
            "Je ne réponds qu'à partir de la FAQ de l'appel à projets ; pour le reste, "
            f'<a href="{CNIL_URL}">cnil.fr</a>.'
        ),
        "en": (
            "Type your question as it comes, in English or French: “who can apply?”, "
            "“deadline”, “is it a regulatory sandbox?”.\n\n"
            "/topics — browse the topics\n/lang — choose the language\n"
            "/privacy — your data\n/forget — erase your questions\n\n"
            "I only answer from the call's FAQ; for anything else, "
            f'<a href="{CNIL_URL}">cnil.fr</a>.'
        ),
    },
    "privacy": {
        "fr": (
            "<b>Vos données</b>\n\n"
            "• <b>Ce que je garde</b> : le texte de chaque question, après suppression "
            "automatique de ce que je reconnais : adresses e-mail (même écrites « jean at "
            "gmail dot com »), numéros de téléphone, IBAN et RIB, numéros de carte bancaire "
            "(avec leur date d'expiration et cryptogramme), de sécurité sociale, SIRET et "
            "SIREN (sauf ceux des organismes publics), plaques d'immatriculation, numéros "
            "présentés comme tels (« passeport n° … », « matricule … ») et mots de passe "
            "(« mot de passe : … »), adresses IP (pas celles d'un réseau), coordonnées GPS, "
            "ce que vous dites de votre santé, de votre appartenance syndicale ou de votre "
            "religion (« je suis en ALD pour … »), "
            "dates et lieux de naissance (« né le … à … »), liens de profil (t.me, LinkedIn…) et @pseudos, "
            "noms quand ils sont présentés (« je m'appelle… », « M. … », une signature, une liste de prénoms) et "
            "adresses postales (« 12 rue … 75011 Paris »). Ne sont pas retirés : les "
            "coordonnées d'un organisme (adresse d'une mairie, standard, boîte contact@…) "
            "ni les numéros dits fictifs ou donnés en exemple. Le reste du texte est gardé tel "
            "quel : un nom ou une adresse écrits autrement peuvent rester. Aussi : la date ; "
            "la langue ; la réponse donnée ; votre avis 👍/👎 ; votre choix de langue ; "
            "pendant 15 minutes, la dernière réponse ou suggestion, pour comprendre une question de suite.\n"
            "• <b>Sous quel nom</b> : {who}\n"
            "• <b>Pourquoi</b> : améliorer cette FAQ (voir les questions restées sans "
            "réponse) et en mesurer l'usage.\n"
            "• <b>Qui les lit</b> : seule l'équipe qui gère ce bot. Elles ne sont "
            "transmises à aucun autre service (hors la messagerie qui les achemine) et "
            "n'entraînent aucun modèle d'IA générative ; l'équipe peut seulement reprendre une "
            "formulation dans la FAQ, d'où le bot apprend à reconnaître les questions.\n"
            "• <b>Combien de temps</b> : {days} jours, puis effacement automatique.\n"
            "• <b>Effacer</b> : /forget supprime maintenant toutes vos questions.\n\n"
            "Évitez d'écrire des informations personnelles dans vos questions."
        ),
        "en": (
            "<b>Your data</b>\n\n"
            "• <b>What I keep</b>: the text of each question, after automatic removal of what "
            "I recognise: email addresses (also written “jean at gmail dot com”), phone "
            "numbers, IBANs and French RIBs, card numbers (with their expiry date and "
            "security code), French social-security numbers, SIRET and SIREN numbers (not "
            "those of public bodies), licence plates, numbers introduced as such (“passport "
            "no. …”, “employee ID …”) and passwords (“password: …”), IP addresses (not a network's), GPS coordinates, what you say of your "
            "health, union membership or religion (“I have diabetes”), dates and places of "
            "birth (“born on … in …”), profile links "
            "(t.me, LinkedIn…) and @handles, names when introduced (“my name is…”, “Mr …”, "
            "a signature, a list of first names) and postal addresses (“12 Baker Street, London NW1 6XE”). Not "
            "removed: an organisation's details (a town hall's address, a switchboard, a "
            "contact@ mailbox) and numbers said to be fictitious or given as an example. The rest "
            "of the text is kept as it is: a name or address written otherwise may remain. "
            "Also: the date; the language; the answer given; your 👍/👎; your language "
            "choice; for 15 minutes, the last answer or suggestion, to understand a follow-up question.\n"
            "• <b>Under what name</b>: {who}\n"
            "• <b>Why</b>: to improve this FAQ (see the questions left unanswered) and "
            "measure its use.\n"
            "• <b>Who reads them</b>: only the team that runs this bot. They are sent to "
            "no other service (besides the messaging app that carries them) and train no "
            "generative AI model; the team may only reuse a wording in the FAQ, from which the "
            "bot learns to recognise questions.\n"
            "• <b>How long</b>: {days} days, then deleted automatically.\n"
            "• <b>Erase</b>: /forget deletes all your questions now.\n\n"
            "Please avoid writing personal information in your questions."
        ),
    },
    # "Under what name", per channel (the rest of the notice is the same everywhere).
    "privacy_who_telegram": {
        "fr": (
            "un pseudonyme calculé à partir de votre identifiant Telegram avec une clé "
            "secrète. Ni votre identifiant, ni votre nom, ni votre nom d'utilisateur ne sont "
            "enregistrés."
        ),
        "en": (
            "a pseudonym computed from your Telegram id with a secret key. Neither your id, "
            "nor your name, nor your username is stored."
        ),
    },
    "privacy_who_matrix": {
        "fr": (
            "un pseudonyme calculé à partir de votre identifiant Matrix (Tchap) avec une clé "
            "secrète. Ni votre identifiant, ni votre nom affiché ne sont enregistrés."
        ),
        "en": (
            "a pseudonym computed from your Matrix (Tchap) id with a secret key. Neither "
            "your id nor your display name is stored."
        ),
    },
    "privacy_who_web": {
        "fr": (
            "un pseudonyme calculé avec une clé secrète à partir d'un numéro de conversation "
            "tiré au hasard, que votre navigateur garde pour cet onglet seulement. Pas de "
            "cookie, pas de mesure d'audience ; votre adresse IP n'est pas enregistrée (elle "
            "ne sert qu'à limiter les abus, en mémoire). Effacer supprime les questions de "
            "cette conversation."
        ),
        "en": (
            "a pseudonym computed with a secret key from a random conversation number that "
            "your browser keeps for this tab only. No cookies, no analytics; your IP address "
            "is not stored (it is only used in memory to limit abuse). Erasing deletes this "
            "conversation's questions."
        ),
    },
    "privacy_who_other": {
        "fr": (
            "un pseudonyme calculé avec une clé secrète à partir de l'identifiant que "
            "l'application qui vous relaie nous donne ; cet identifiant n'est pas enregistré."
        ),
        "en": (
            "a pseudonym computed with a secret key from the id the relaying application "
            "gives us; that id is not stored."
        ),
    },
    "forgotten": {
        "fr": "C'est fait : {count} question(s) effacée(s), ainsi que votre choix de langue.",
        "en": "Done: {count} question(s) erased, and your language choice.",
    },
    "choose_lang": {
        "fr": "Dans quelle langue voulez-vous mes réponses ?",
        "en": "Which language would you like my answers in?",
    },
    "lang_set": {
        "fr": "Entendu, je vous réponds en français.",
        "en": "All right, I'll answer in English.",
    },
    "topics": {"fr": "Choisissez un thème :", "en": "Choose a topic:"},
    "topic_entries": {
        "fr": "<b>{topic}</b> — choisissez une question :",
        "en": "<b>{topic}</b> — choose a question:",
    },
    "browse": {"fr": "Parcourir les thèmes", "en": "Browse topics"},
    "thanks_feedback": {"fr": "Merci pour votre avis !", "en": "Thanks for your feedback!"},
    "feedback_gone": {
        "fr": "Cette question n'est plus enregistrée.",
        "en": "This question is no longer stored.",
    },
    "entry_gone": {
        "fr": "Cette question n'est plus dans la FAQ. Posez-la à nouveau avec vos mots.",
        "en": "This question is no longer in the FAQ. Please ask it again in your own words.",
    },
    "not_text": {
        "fr": "Je ne lis que le texte : écrivez-moi votre question en quelques mots.",
        "en": "I can only read text: please type your question in a few words.",
    },
    "edited": {
        "fr": "Je ne relis pas les messages modifiés : envoyez votre question dans un nouveau message.",
        "en": "I don't reread edited messages: please send your question as a new message.",
    },
    "unknown_command": {
        "fr": "Je ne connais pas cette commande. /help pour l'aide.",
        "en": "I don't know that command. /help for help.",
    },
    "admin_stats": {
        "fr": "Statistiques des {days} derniers jours",
        "en": "Figures of the last {days} days",
    },
    "admin_unanswered": {
        "fr": "Questions à revoir (faqbot review pour le détail)",
        "en": "Questions to review (faqbot review for details)",
    },
    "admin_nothing": {"fr": "Rien à revoir.", "en": "Nothing to review."},
    "admin_reloaded": {
        "fr": "FAQ rechargée : version {version}.",
        "en": "FAQ reloaded: version {version}.",
    },
    "admin_unchanged": {
        "fr": "FAQ inchangée : version {version}.",
        "en": "FAQ unchanged: version {version}.",
    },
    "admin_reload_failed": {
        "fr": "⚠️ FAQ invalide : je garde la version {version}. À corriger :",
        "en": "⚠️ Invalid FAQ: still serving version {version}. To fix:",
    },
    "error": {
        "fr": "Désolé, quelque chose s'est mal passé de mon côté. Réessayez dans un instant.",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
}

COMMANDS: Mapping[Lang, list[tuple[str, str]]] = {
    "fr": [
        ("start", "Présentation et exemples"),
        ("topics", "Parcourir les thèmes"),
        ("help", "Aide"),
        ("lang", "Choisir la langue"),
        ("privacy", "Vos données"),
        ("forget", "Effacer vos questions"),
    ],
    "en": [
        ("start", "Introduction and examples"),
        ("topics", "Browse the topics"),
        ("help", "Help"),
        ("lang", "Choose the language"),
        ("privacy", "Your data"),
        ("forget", "Erase your questions"),
    ],
}


def telegram(key: str, lang: Lang, **values: object) -> str:
    """The Telegram ``key`` message in ``lang``, with ``{values}`` filled in."""
    text = TELEGRAM[key][lang]
    return text.format(**values) if values else text
