"""Every string of the staff console, in French and English."""

from __future__ import annotations

from collections.abc import Mapping

from bot.kb import Lang

STRINGS: Mapping[str, tuple[str, str]] = {
    # layout
    "console": ("Console de l'équipe faqbot", "faqbot staff console"),
    "skip": ("Aller au contenu", "Skip to content"),
    "nav": ("Menu de la console", "Console menu"),
    "dashboard": ("Tableau de bord", "Dashboard"),
    "review": ("À revoir", "Review queue"),
    "try": ("Essayer une question", "Try a question"),
    "health": ("Santé de la FAQ", "FAQ health"),
    "replay": ("Rejouer", "Replay"),
    "exports": ("Exports", "Exports"),
    "audit": ("Journal", "Audit log"),
    "logout": ("Se déconnecter", "Log out"),
    "signed_in_as": ("Connecté·e :", "Signed in as"),
    "other_lang": ("English", "Français"),
    "other_lang_label": ("Switch to English", "Passer en français"),
    # login
    "login": ("Connexion", "Log in"),
    "username": ("Identifiant", "Username"),
    "password": ("Mot de passe", "Password"),
    "login_button": ("Se connecter", "Log in"),
    "login_failed": ("Identifiant ou mot de passe incorrect.", "Wrong username or password."),
    "login_throttled": (
        "Trop d'essais manqués : réessayez dans 15 minutes.",
        "Too many failed attempts: try again in 15 minutes.",
    ),
    "login_expired": (
        "Votre session a expiré ou a été fermée : reconnectez-vous.",
        "Your session expired or was closed: please log in again.",
    ),
    "logged_out": ("Vous êtes déconnecté·e.", "You are logged out."),
    "csrf_failed": (
        "Formulaire expiré ou envoyé d'ailleurs : rechargez la page et recommencez.",
        "This form expired or came from elsewhere: reload the page and try again.",
    ),
    # period
    "period": ("Période", "Period"),
    "since": ("Du (inclus)", "From (inclusive)"),
    "until": ("Au (inclus)", "To (inclusive)"),
    "show": ("Afficher", "Show"),
    "last_7": ("7 derniers jours", "Last 7 days"),
    "last_30": ("30 derniers jours", "Last 30 days"),
    "last_90": ("90 derniers jours", "Last 90 days"),
    "bad_date": (
        "Date invalide : attendu AAAA-MM-JJ ; période par défaut affichée.",
        "Invalid date: expected YYYY-MM-DD; default period shown.",
    ),
    "period_of": ("du {since} au {until}", "from {since} to {until}"),
    # dashboard
    "questions": ("Questions", "Questions"),
    "answer_rate": ("Taux de réponse", "Answer rate"),
    "answer_rate_help": (
        "{answered} répondues sur {counted} comptées (tapées, hors bavardage, hors essais de "
        "l'équipe, non vides)",
        "{answered} answered of {counted} counted (typed, not small talk, not staff tests, "
        "not empty)",
    ),
    "answer_rate_none": (
        "aucune question comptée sur la période",
        "no counted question in this period",
    ),
    "counted_of": ("dont {n} comptées dans le taux", "{n} counted in the answer rate"),
    "counted": ("Comptées", "Counted"),
    "answers": ("Réponses", "Answers"),
    "feedback": ("Avis 👍 / 👎", "Feedback 👍 / 👎"),
    "per_day": ("Questions par jour", "Questions per day"),
    "day": ("Jour", "Day"),
    "answered": ("Répondues (comptées)", "Answered (counted)"),
    "outcomes": ("Issues", "Outcomes"),
    "outcome": ("Issue", "Outcome"),
    "count": ("Nombre", "Count"),
    "languages": ("Langues", "Languages"),
    "language": ("Langue", "Language"),
    "channels": ("Canaux", "Channels"),
    "channel": ("Canal", "Channel"),
    "top_entries": ("Entrées les plus utilisées", "Top entries"),
    "entry": ("Entrée", "Entry"),
    "top_unanswered": ("Questions sans réponse les plus fréquentes", "Top unanswered groups"),
    "group": ("Groupe", "Group"),
    "example": ("Exemple", "Example"),
    "nothing": ("Rien sur cette période.", "Nothing in this period."),
    "chart_alt": (
        "Graphique : {title}. Les mêmes chiffres sont dans le tableau qui suit.",
        "Chart: {title}. The same figures are in the table that follows.",
    ),
    "table_of": ("Tableau : {title}", "Table: {title}"),
    "thumbs_up": ("👍 utiles", "👍 helpful"),
    "thumbs_down": ("👎 pas utiles", "👎 not helpful"),
    "positive": ("{ratio} positifs", "{ratio} positive"),
    "o_answered": ("répondue", "answered"),
    "o_suggested": ("suggestion", "suggested"),
    "o_unanswered": ("sans réponse", "unanswered"),
    "o_smalltalk": ("bavardage", "small talk"),
    # review
    "review_intro": (
        "Questions sans réponse, avec suggestion, peu sûres ou avec 👎, regroupées "
        "(mêmes données et statuts que « faqbot review »).",
        "Unanswered, suggested, low-confidence and 👎 questions, grouped "
        "(the same data and statuses as `faqbot review`).",
    ),
    "show_status": ("Statut affiché", "Status shown"),
    "status": ("Statut", "Status"),
    "s_new": ("nouveau", "new"),
    "s_added": ("ajouté", "added"),
    "s_dismissed": ("écarté", "dismissed"),
    "s_all": ("tous", "all"),
    "times": ("fois", "times"),
    "r_unanswered": ("sans réponse", "unanswered"),
    "r_suggested": ("suggestion", "suggested"),
    "r_low-confidence": ("réponse peu sûre", "low confidence"),
    "r_thumbs-down": ("👎", "👎"),
    "seen": ("Vu", "Seen"),
    "closest": ("Entrée la plus proche", "Closest entry"),
    "reasons": ("Raisons", "Reasons"),
    "examples": ("Exemples", "Examples"),
    "mark": ("Enregistrer", "Save"),
    "mark_legend": ("Décision sur le groupe {id}", "Decision on group {id}"),
    "mark_entry": ("Entrée (si ajouté)", "Entry (if added)"),
    "marked": ("Groupe {id} : {status}.", "Group {id}: {status}."),
    "no_group": ("Groupe inconnu : {id}.", "Unknown group: {id}."),
    "unknown_entry": ("Entrée inconnue : {id}.", "Unknown entry: {id}."),
    "suggestion": ("Suggestion YAML à coller", "Ready-to-paste YAML suggestion"),
    "copy": ("Copier le YAML", "Copy the YAML"),
    "copied": ("YAML copié.", "YAML copied."),
    "nothing_review": ("Rien à revoir.", "Nothing to review."),
    # try
    "question": ("Question", "Question"),
    "lang_auto": ("détectée", "detected"),
    "ask": ("Essayer", "Try"),
    "decision": ("Décision", "Decision"),
    "d_answer": ("répondre", "answer"),
    "d_suggest": ("suggérer", "suggest"),
    "d_decline": ("décliner", "decline"),
    "why": ("Pourquoi", "Why"),
    "margin": ("Marge du modèle de décision", "Decision model margin"),
    "thresholds": (
        "répond à partir de {answer}, suggère à partir de {suggest}",
        "answers from {answer}, suggests from {suggest}",
    ),
    "decided_by": ("Signal décisif", "Deciding signal"),
    "signal": ("Signal", "Signal"),
    "value": ("Valeur", "Value"),
    "weight": ("Poids", "Weight"),
    "contribution": ("Contribution", "Contribution"),
    "top_candidates": ("Entrées candidates", "Candidate entries"),
    "score": ("Score", "Score"),
    "phrasing": ("Formulation la plus proche", "Closest phrasing"),
    "analysed": ("Mots analysés (corrigés)", "Analysed words (corrected)"),
    "detected_lang": ("Langue", "Language"),
    "rendered": ("La réponse, canal par canal", "The reply, channel by channel"),
    "telegram": ("Telegram (HTML)", "Telegram (HTML)"),
    "plain": ("Terminal et API (texte)", "Terminal and API (text)"),
    "api_json": ("API HTTP (JSON)", "HTTP API (JSON)"),
    "context": ("Contexte de conversation", "Conversation context"),
    "previous": ("Question précédente (facultatif)", "Previous question (optional)"),
    "previous_help": (
        "Pour voir une question de suivi : la réponse à cette question devient le contexte, "
        "comme dans une conversation de moins de 15 minutes.",
        "To see a follow-up: the answer to this question becomes the context, as in a "
        "conversation of less than 15 minutes.",
    ),
    "context_is": (
        "Contexte : la dernière réponse portait sur l'entrée {entry} (« {question} »).",
        "Context: the last answer was entry {entry} (\u201c{question}\u201d).",
    ),
    "context_used": (
        "Il a servi à lire la question.",
        "It was used to read the question.",
    ),
    "context_unused": (
        "La question se comprend seule : il n'a pas servi.",
        "The question stands on its own: it was not used.",
    ),
    "context_none_previous": (
        "La question précédente n'a pas eu de réponse : pas de contexte.",
        "The previous question got no answer: no context.",
    ),
    "context_none": (
        "Aucun contexte : la question est lue seule (début de conversation).",
        "No context: the question is read on its own (start of a conversation).",
    ),
    "part": ("Question {n} sur {total}", "Question {n} of {total}"),
    "matched_with_context": (
        "Lue avec le contexte, comme : « {text} »",
        "Read with the context, as: \u201c{text}\u201d",
    ),
    "buttons": ("Boutons proposés :", "Buttons offered:"),
    "try_not_logged": (
        "Les essais ne sont pas enregistrés dans le journal des questions.",
        "Tries are not written to the question log.",
    ),
    "f_combined": ("score combiné de la meilleure entrée", "best entry's combined score"),
    "f_ridge": ("classifieur ridge, meilleure entrée", "ridge classifier, best entry"),
    "f_ridge_out_of_scope": ("classifieur ridge, hors sujet", "ridge classifier, out of scope"),
    "f_nearest": ("plus proche formulation (cosinus)", "nearest phrasing (cosine)"),
    "f_tfidf": ("mots-clés (TF-IDF)", "keywords (TF-IDF)"),
    "f_margin": ("avance sur la deuxième entrée", "lead over the second entry"),
    "f_nearest_out_of_scope": (
        "proximité des exemples hors sujet",
        "closeness to out-of-scope examples",
    ),
    "f_unknown_words": ("part de mots inconnus de la FAQ", "share of words the FAQ never uses"),
    "f_length": ("longueur de la question", "question length"),
    "f_entry_missing": (
        "part des mots que les formulations de l'entrée n'emploient pas",
        "share of words the entry's phrasings never use",
    ),
    "f_entry_detail": (
        "demande un détail (noms, budget…) que les formulations de l'entrée ne demandent pas",
        "asks a detail (names, a budget…) the entry's phrasings never ask",
    ),
    "f_bias": ("constante du modèle", "model constant"),
    # health
    "check_problems": ("Problèmes de « faqbot check »", "`faqbot check` problems"),
    "check_ok": (
        "Aucun problème : version {version} ({entries} entrées).",
        "No problem: version {version} ({entries} entries).",
    ),
    "unused": ("Entrées jamais utilisées sur la période", "Entries never used in the period"),
    "most_down": ("Entrées avec le plus de 👎", "Entries with the most 👎"),
    "misrouted": (
        "Formulations qui mènent aujourd'hui à une autre entrée",
        "Phrasings that now route to another entry",
    ),
    "own_entry": ("Son entrée", "Its entry"),
    "routed_to": ("Mène à", "Routes to"),
    "none": ("Aucune.", "None."),
    "computing": (
        "Vérification en cours : chaque formulation passe par le moteur.",
        "Being checked: every phrasing goes through the engine.",
    ),
    "reload": ("Recharger la page", "Reload the page"),
    "check_phrasings": ("Vérifier les formulations", "Check the phrasings"),
    "check_phrasings_help": (
        "Passe les {n} formulations de la FAQ en service dans le moteur (quelques dizaines "
        "de secondes, en arrière-plan) et liste celles qui mènent à une autre entrée.",
        "Runs the live FAQ's {n} phrasings through the engine (some tens of seconds, in the "
        "background) and lists those that lead to another entry.",
    ),
    "file": ("Fichier", "File"),
    "location": ("Emplacement", "Location"),
    "problem": ("Problème", "Problem"),
    # replay
    "replay_intro": (
        "Rejoue les questions enregistrées (anonymisées) d'une période sur un dossier de FAQ "
        "(par défaut celui en service, sur le disque) et compare avec ce qui a été répondu.",
        "Runs the logged (redacted) questions of a period through a FAQ folder (default: the "
        "live one on disk) and compares with what was answered at the time.",
    ),
    "faq_dir": ("Dossier de la FAQ", "FAQ folder"),
    "faq_dir_help": (
        "Chemin sur le serveur, par exemple ../faq-brouillon",
        "A path on the server, e.g. ../faq-draft",
    ),
    "run_replay": ("Rejouer", "Replay"),
    "replayed": (
        "{questions} question(s) rejouée(s) ({distinct} distinctes) sur {folder}.",
        "{questions} question(s) replayed ({distinct} distinct) on {folder}.",
    ),
    "unchanged": ("Inchangées", "Unchanged"),
    "with_context": (
        "Non rejouées : questions de suivi lues avec leur contexte",
        "Not replayed: follow-ups read with their context",
    ),
    "k_newly_answered": ("Nouvellement répondues", "Newly answered"),
    "k_no_longer_answered": ("Plus répondues", "No longer answered"),
    "k_other_entry": ("Répondues par une autre entrée", "Answered by another entry"),
    "before": ("Avant", "Before"),
    "after": ("Après", "After"),
    "faq_invalid": ("La FAQ de {folder} est invalide :", "The FAQ in {folder} is invalid:"),
    # exports
    "exports_intro": (
        "Le journal des questions, diffusé ligne par ligne, avec les mêmes filtres que "
        "« faqbot export ».",
        "The question log, streamed row by row, with the same filters as `faqbot export`.",
    ),
    "format": ("Format", "Format"),
    "aggregate": (
        "Agrégats par jour, entrée et issue (groupes de moins de 5 omis)",
        "Counts per day, entry and outcome (groups under 5 left out)",
    ),
    "excel": ("CSV pour Excel en français (BOM et « ; »)", "CSV for French Excel (BOM and ';')"),
    "with_user": ("Avec le pseudonyme des usagers", "With the users' pseudonyms"),
    "download": ("Télécharger", "Download"),
    "options": ("Options", "Options"),
    "datasette": ("Explorer la base avec Datasette", "Explore the database in Datasette"),
    "datasette_open": ("Ouvrir la base dans Datasette", "Open the database in Datasette"),
    "datasette_help": (
        "Datasette (optionnel) ouvre le fichier SQLite tel quel, vues comprises, sur le serveur :",
        "Datasette (optional) opens the SQLite file as it is, views included, on the server:",
    ),
    # audit
    "when": ("Quand", "When"),
    "who": ("Qui", "Who"),
    "what": ("Quoi", "What"),
    "detail": ("Détail", "Detail"),
    "not_found": ("Page introuvable.", "Page not found."),
}


def translate(key: str, lang: Lang, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{placeholders}`` filled."""
    fr, en = STRINGS[key]
    text = en if lang == "en" else fr
    return text.format(**values) if values else text
