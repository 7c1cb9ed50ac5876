"""Text normalisation for French and English: folding, elisions, stopwords, light stemming.

Pure functions, no I/O.

>>> tokens("L'appel d’offres, c'est QUAND ?")
['appel', 'offres', 'quand']
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters that look like an apostrophe in what people type or paste.
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´′ʹ＇"})
# Invisible characters that change nothing for a reader: zero-width, bidi marks, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00]")
# French elided articles and pronouns: l'appel -> appel, qu'est -> est.
_ELISION = re.compile(r"\b(?:l|d|j|c|n|s|m|t|qu|lorsqu|puisqu|quoiqu)'(?=\w)")
# "jusqu'à quand", "jusqu'au 30", "jusqua quand": the word that asks for an end is kept.
_UNTIL = re.compile(r"\bjusqu'?(?=(?:a|au|aux|ou|en|ici|quand|alors)\b)")
_WORD = re.compile(r"[a-z0-9]+")

STOPWORDS_FR = frozenset(
    """
    a au aux avec ce ces cet cette de des du elle en et eux il ils je la le les leur
    leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que sa
    se ses son sur ta te tes toi ton tu un une vos votre vous y est sont etre ai as
    avons avez ont suis es etes fait faut peut peux peuvent puis dans ca cela ceci quoi
    quel quelle quels quelles donc alors si tres plus bien aussi deja tout tous toute
    toutes il-y-a ya c ete avoir coup celui celle ceux celles etait etaient
    pis ben bah hein coudonc euh bref lol mdr haha svp stp elles pr ds
    """.split()
)
STOPWORDS_EN = frozenset(
    """
    a an the of to in on at for from by with and or but if is are was were be been being
    am do does did have has had i me my we our you your he she it its they them their
    this that these those what which whom can could should would will shall may might
    must there here about into as so not no any some all just also get got one
    btw lol haha pls plz
    """.split()
)
# How and for whom to answer, not what: "en une phrase", "in short", "for our readers",
# "pour mon mémoire", "en gros", "in a nutshell" ("tondu" and "rappeler" are left to
# Matcher._missing's unseen weight).
STOPWORDS_FORMAT = frozenset(
    """
    phrase phrases sentence sentences bref brief briefly rapidement quickly
    lecteurs lectrices readers memoire thesis dissertation expose presentation drafting
    gros grosso modo basically roughly nutshell
    """.split()
)
STOPWORDS = STOPWORDS_FR | STOPWORDS_EN | STOPWORDS_FORMAT

# Endings removed by the light stemmer, longest first. Conservative on purpose: the stem only
# has to bring "candidatures" and "candidature", "selected" and "selection" together.
_SUFFIXES = tuple(
    sorted(
        """
    ements ement ations ation ateurs ateur atrices atrice euses euse eux ives ive iques
    ique ees ee es er ez ent ait ais e s x ing ings ed ies ly ions ion
    """.split(),
        key=len,
        reverse=True,
    )
)
_STEM_MAX = 6


# Ordinals, however written, are one word: "5e", "5eme", "5ème", "cinquième", "5th", "fifth".
_ORDINAL = re.compile(r"(\d{1,2})(?:e|er|ere|re|eme|ieme|em|nd|rd|th|st)")
_ORDINAL_WORDS = {
    word: f"{n}e"
    for n, spellings in enumerate(
        (
            "premier premiere first",
            "deuxieme second",
            "troisieme third",
            "quatrieme fourth",
            "cinquieme fifth",
            "sixieme sixth",
        ),
        start=1,
    )
    for word in spellings.split()
}


def fold(text: str) -> str:
    """Lower-case, strip accents and invisible characters, unify apostrophes.

    >>> fold("Sélectionnés l’AN dernier\u200b")
    "selectionnes l'an dernier"
    """
    text = _INVISIBLE.sub("", text).translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # most text: no accent to strip
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded words, elisions removed, punctuation dropped; stopwords kept.

    >>> words("C'est ouvert jusqu'à quand ?")
    ['est', 'ouvert', 'jusque', 'a', 'quand']
    """
    return list(_words(text))


def forget_memoised() -> None:
    """Drop the memoised words of recent texts, questions included (an erasure)."""
    _words.cache_clear()
    stem.cache_clear()


@functools.lru_cache(maxsize=32768)
def _words(text: str) -> tuple[str, ...]:
    # Memoised: loading the FAQ reads each phrasing three times (vocabulary, encoder,
    # TF-IDF), and questions repeat.
    folded = _NUMBERED.sub(
        r" \1e", _AT_FIRST.sub("initially", _UNTIL.sub("jusque ", _WHY.sub(_why, fold(text))))
    )
    return tuple(_WORD.findall(_ELISION.sub("", folded)))


# "pour quelles raisons", "for what reason": why
_WHY = re.compile(r"\b(?:pour quelles? raisons?|for (?:what|which) reasons?)\b")


def _why(found: re.Match[str]) -> str:
    return "pourquoi" if found[0].startswith("pour") else "why"


# "at first", "au départ": when, not which edition ("how many did they want at first?").
_AT_FIRST = re.compile(r"\b(?:at first|au tout debut|au depart)\b")
# "numéro 4", "n°2", "number 3", "#4": an ordinal, like "4e" (not "n° de téléphone")
_NUMBERED = re.compile(r"(?:\bnumero|\bnumber|\bnum|\bn\s?°|\bno(?=\d)|#)\s?(\d{1,2})\b")


# Details the FAQ's answers rarely give, by kind: who makes or sells a tool and which model,
# a brand, money, people's names, who sits on or leads a body, whether a tool is deployed,
# figures of use, any count ("combien", "how many"), accuracy, a time of day. An entry whose
# phrasings ask a kind gives it ("budget à prévoir ?": cost); a question asking a kind that
# no phrasing of its entry asks is likely to be declined (bot.matcher, bot.dialogue).
_DETAIL = re.compile(
    r"\b(?:"
    # which model exactly, its version, its size: "Which exact LLM is Albert built on?"
    r"(?P<model_name>(?:which|what|quel(?:le)?)\s+(?:exact|precise|specific)\s+(?:llm|model|modele|version|language\s+model)|"
    # which model, named: "quel LLM utilise Albert ?" (not "quel type de modèle, ouvert ?")
    r"(?:which|what|quel(?:le)?)\s+(?:large\s+)?(?:llm|model|modele|language\s+model)\b"
    # (not a business model: "quel modèle économique ?", "what model of funding?")
    r"(?!\s+(?:d'|de\s+|of\s+)?(?:ia|ai|economique|affaires|financement|gouvernance|business|funding|governance)\b)|"
    r"(?:(?:which|what|quel(?:le)?)\s+(?:language\s+)?)?(?:llm|model|modele)\s+(?:[\w,]+\s+){0,5}?(?:exactly|exactement|precisement|specifically)\b|(?:number\s+of|how\s+many)\s+parameters|"
    r"(?:combien|nombre)\s+de\s+parametres|(?:which|quelle)\s+version|mistral\W+(?:or\s+|ou\s+)?llama|llama\W+(?:or\s+|ou\s+)?mistral)|"
    r"(?P<maker>vendor|fournisseur|(?:quel(?:le)?|which|what)\s+(?:mod[eè]le|model|llm|"
    r"entreprise|soci[ée]t[ée]|company|prestataire|supplier)|(?:language|langage)\s+model|"
    r"modele\s+de\s+langage|built\s+on|manufacturer|contractor|sous-traitant|supplier|algorithme|algorithm|"
    r"parametres|parameters|fabricant|who\s+(?:supplies|supplied)|qui\s+(?:fournit|fabrique))|"
    # (not "c'est un chatgpt pour les agents ?", "like ChatGPT for civil servants")
    r"(?P<brand>marque|brand|(?<!like\s)(?<!comme\s)(?<!un\s)(?<!a\s)(?:mistral|llama|chatgpt|gpt-?\d|openai))|"
    r"(?P<money>budget|montant|how\s+much\s+(?!time\b)(?:\w+\s+){0,3}?(?:spent|spend|invested|invest)\b|combien\s+(?!de\s+temps|d'heures)(?:\w+\s+){0,3}?(?:depense|investi)\b|who\s+funds|qui\s+(?:le\s+|la\s+|les\s+)?financ\w*|funded\s+by|finance\s+par|rais\w+\s+(?:money|funds|capital)|lev\w+\s+(?:de|des)\s+fonds|valuations?|valorisation|how\s+much\s+did|what\s+did\s+(?:\w+\s+){1,6}?cost\b|combien\s+(?:ca|cela)\s+(?:a|leur\s+a)\s+coute|"
    # "il a coûté cb à l'État ?": what a thing cost
    r"a\s+coute\s+(?:\w+\s+){0,3}?(?:combien|cb|cmb)\b|combien\s+a\s+coute|"
    r"combien\s+d'argent|how\s+much\s+money|touche\s+combien|(?:were|was|are|is)\s+(?:\w+\s+)?paid|"
    r"r[ée]mun[ée]r[ée]e?s?)|"
    r"(?P<applicants>(?:(?:full|complete)\s+)?(?:liste|list)\s+(?:complete\s+)?(?:des|of\s+(?:all\s+)?(?:the\s+)?)\s*"
    r"(?:candidats|candidatures|applicants|applications|dossiers\s+(?:deposes|recus)))|"
    r"(?P<names>les\s+noms|their\s+names|the\s+names|noms\s+des|nommement|by\s+name|nominati\w*|"
    r"nom\s+de\s+la\s+personne|name\s+of\s+the\s+person|contact\s+person|named\s+person|"
    r"person\s+in\s+charge|personne\s+(?:a\s+contacter|referente|en\s+charge)|interlocut\w+|"
    r"names?,?\s+(?:please|pls|only)|noms?,?\s+(?:svp|stp|s'il\s+vous\s+plait|seulement|uniquement)|y\s+a(?:-t-il)?\s+un\s+nom|any\s+names|"
    r"(?:need|want)\s+(?:(?:a|the|their)\s+)?names?|besoin\s+(?:des|de\s+leurs|du)\s+noms?|"
    r"comment\s+s'appell?e(?:nt)?|what(?:'s|\s+is|\s+are)\s+(?:his|her|their)\s+names?)|"
    # a named person (not a department, not a project): "le nom du chargé de mission", "who is
    # the head of…", "the outside experts on the committee"
    r"(?P<person>(?:nom|name)\s+(?:de\s+la\s+|du\s+|de\s+l'|d'un\s+|d'une\s+|of\s+the\s+|of\s+a\s+)?"
    r"(?:\w+\s+){0,2}?(?:personne|person|agent|charge\w*\s+de\s+mission|responsable|referent\w*|juriste|"
    r"expert|chef|head|officer|lawyer)\b|"
    r"(?:qui\s+(?:est|etait)|c'est\s+qui|c\s+qui|ki\s+est|who\s+(?:is|was))\s+(?:le|la|the)\s+(?:ou\s+la\s+)?(?:responsable|"
    r"directeur|directrice|director|chef|head|referent\w*|juriste|lawyer|officer|person)\b|"
    r"who\s+(?:at\s+(?:\w+\s+){1,3}?)?(?:led|headed|managed)\b|(?:intro|introduce)\s+(?:me|us)\s+to|put\s+(?:me|us)\s+in\s+touch\s+with|"
    r"mettre\s+en\s+(?:relation|contact)\s+avec|(?:project|programme|program)\s+(?:lead|leader|manager)\s+(?:at|of|for|in)\b|"
    r"contact\s+details\s+of\s+(?:the|a)\b|coordonnees\s+(?:du|de\s+la|des)\s+(?:responsable|chef|referent|porteur|personne)|who\s+(?:exactly\s+)?(?:is|was|are|were)\s+on\s+the\s+(?:\w+\s+){0,3}?team|"
    r"qui\s+(?:fait|faisait|font)\s+partie\s+de\s+l'equipe|(?:them|him|her)\s+on\s+linkedin|(?:who\s+(?:is|was)|qui\s+(?:est|etait)|c'est\s+qui|c\s+qui)\s+(?:the|le|la)\s+(?:project|programme|program)\s+(?:manager|lead(?:er)?)|(?:qui\s+sont|c'est\s+qui|c\s+qui|who\s+(?:are|were))\s+(?:les|the)\s+"
    r"(?:auteurs|authors)|(?:auteurs?|authors?)\s+(?:du|de\s+ce|of\s+the|of\s+this)\s+(?:rapport|report)|(?:dirige|pilote|mene|encadre)e?s?\s+par\s+qui|(?:led|headed|run)\s+by\s+whom|"
    r"(?:which|what|quels|quelles)\s+(?:\w+\s+)?(?:experts|personalities|personnalites)|"
    r"(?:the\s+)?people\s+(?:in|at|of|from)\s+the\s+cnil|gens\s+de\s+(?:l'equipe|la\s+cnil)|"
    r"(?:noms?|names?)\s+(?:des|of\s+the|of)\s+(?:\w+\s+)?(?:gens|personnes|people|agents|experts|staff|"
    r"juristes|membres|members|persons|personnalites|figures)|who\s+(?:were|are)\s+the\s+(?:\w+\s+)?(?:experts|"
    r"figures|members|people|persons|personalities)|qui\s+(?:sont|etaient)\s+les\s+(?:experts|personnalites|membres|gens|"
    r"personnes))|"
    # a body outside France: "une commune belge", "an Irish public body", "French only?"
    r"(?P<foreign>(?:belgian|irish|swiss|german|spanish|italian|polish|dutch|portuguese|latvian|lithuanian|"
    r"estonian|finnish|swedish|danish|norwegian|austrian|greek|czech|hungarian|romanian|bulgarian|croatian|"
    r"slovak|slovenian|maltese|cypriot|british|luxembourgish)\s+(?:\w+\s+){0,3}?(?:sandbox(?:es)?|regulator|dpa)|"
    r"(?:in|dans|d')\s+(?:other|d'autres|autres)\s+(?:eu\s+)?(?:countries|pays)|(?:belges?|belgian|irish|irlandaise?s?|swiss|suisses?|luxembourg\w*|german|allemande?s?|"
    r"spanish|espagnole?s?|italian|italienne?s?|polish|polonaise?s?|dutch|portugu\w+|canadian|canadienne?s?|"
    r"quebec\w*|moroccan|marocaine?s?|tunisian|tunisienne?s?|algerian|algerienne?s?|foreign|etrangere?s?|"
    r"non-french)\s+(?:public\s+|county\s+|city\s+|town\s+|local\s+|regional\s+)?(?:bod(?:y|ies)|municipalit\w+|city|cities|town|councils?|organi[sz]ations?|"
    r"administrations?|ministr\w+|agenc\w+|authorit\w+|compan\w+|start-?ups?|universit\w+|hospitals?|"
    r"regions?|civil\s+servants?|public\s+servants?)|"
    r"(?:communes?|villes?|collectivites?|organismes?|administrations?|ministeres?|agences?|entreprises?|"
    r"start-?ups?|universites?|hopita(?:l|ux)|regions?|fonctionnaires?|structures?)\s+"
    r"(?:publi(?:c|que)s?\s+)?(?:belges?|irlandaise?s?|suisses?|luxembourgeoise?s?|allemande?s?|espagnole?s?|"
    r"italienne?s?|polonaise?s?|canadienne?s?|quebecoise?s?|marocaine?s?|tunisienne?s?|algerienne?s?|"
    r"etrangere?s?|non\s+francaise?s?)|"
    r"(?:french|france)\s+only|only\s+(?:for\s+)?(?:french|france)|uniquement\s+(?:aux?\s+|les\s+)?"
    r"(?:organismes\s+|structures\s+|acteurs\s+)?francais|reserve\w*\s+aux?\s+(?:organismes\s+|acteurs\s+)?"
    r"francais|hors\s+de\s+france|outside\s+(?:of\s+)?france|(?:de|depuis)\s+l'etranger|from\s+abroad|"
    r"not\s+(?:based\s+)?in\s+france|(?:not|aren't|isn't)\s+french|"
    r"(?:sommes|suis|est|sont|etes)\s+pas\s+francaise?s?|"
    # another country's scheme: "Spain's AI Act sandbox", "le bac à sable de l'Espagne",
    # "which member states have one?" (not "in Italy we had…": where the asker comes from)
    # "anything like this in the US?"
    r"(?:anything|something|equivalent|similar|pareil|la\s+meme\s+chose)\s+(?:\w+\s+){0,3}?(?:in|aux|au|en)\s+"
    r"(?:the\s+)?(?:us|usa|united\s+states|etats-unis|uk|germany|allemagne|spain|espagne|italy|italie|canada)\b|"
    # "Has Finland designated its sandbox authority?"
    r"(?:has|does|did|is)\s+(?:finland|spain|germany|italy|the\s+netherlands|norway|denmark|ireland|belgium|"
    r"luxembourg|poland|portugal|austria|sweden|greece|estonia|latvia|lithuania|czechia|romania|hungary)\b|"
    r"(?:spain|germany|italy|netherlands|norway|denmark|britain|ireland|belgium|luxembourg|poland|portugal|"
    r"austria|sweden|finland|switzerland|uk)'s|(?:de\s+l'|d')(?:espagne|allemagne|italie|irlande|autriche)|"
    r"(?:de\s+la|la)\s+(?:norvege|belgique|suede|pologne|suisse|finlande)|des\s+pays-bas|"
    r"du\s+(?:royaume-uni|danemark|portugal|luxembourg)|(?:which|what)\s+(?:eu\s+|other\s+)?(?:member\s+states?|"
    r"countries)|quels\s+(?:autres\s+)?(?:pays|etats\s+membres))|"
    r"(?P<members>who\s+sat|(?:citation|quote|propos|interview)\s+(?:de|du|of|from)\s+(?:la\s+|le\s+|the\s+)?(?:cnil(?:'s)?\s+)?presiden\w*|qui\s+(?:dirige|pilote)|who\s+(?:leads|heads)|"
    # who the CNIL's president is (not "does the CNIL president pick the projects?")
    r"(?:qui\s+est|c'est\s+qui|who\s+is|who's|nom\s+(?:du|de\s+la)|name\s+of)\s+(?:le\s+|la\s+|the\s+)?"
    r"(?:president(?:e)?\s+de\s+la\s+cnil|cnil(?:'s)?\s+(?:president|chair\w*))|"
    r"president(?:e)?\s+de\s+la\s+cnil\s+(?:c'est\s+qui|est\s+qui|s'appelle)|"
    r"qui\s+preside|"
    r"membres?\s+(?:du|de\s+la)\s+(?:comite|jury|commission)|"
    r"members\s+of|qui\s+siegeait|commissioner|commissaire|"
    r"who\s+(?:were|was)\s+on\s+the)|"
    r"(?P<deployed>deja\s+(?:utilise|deploye)|already\s+(?:used|deployed|in\s+use)|en\s+production|"
    r"in\s+production|generalise|(?:finalement\s+)?lance\s+(?:son|leur|sa)\s+(?:assistant|outil|chatbot|service|application)|"
    r"launched\s+(?:its|their)\s+(?:assistant|tool|chatbot|service|app)|(?:deja\s+)?installe(?:e|s|es)?\s+dans|installed\s+in|"
    r"how\s+many\s+(?:\w+\s+){0,3}?(?:have|has)\s+(?:actually\s+)?used|roll(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?out\b|mis\s+en\s+service|live\s+(?:for|now|in)|"
    r"deploye(?:e|s|es)?|deployed|deploiement|deployment|(?:est|sont|is|are)(?:\s+(?:il|elle|ils|elles|it|they))?\s+(?:deja\s+|already\s+|desormais\s+|now\s+)?(?:en|in)\s+service|"
    r"(?:quelles?|which)\s+(?:lignes|stations|gares|lines)|(?:project|projet|tool|outil|it|system|service|chatbot|assistant|app)\s+(?:\w+\s+){0,3}?(?:go|goes|went|gone)\s+live|"
    r"(?:go|goes|went|gone|put)\s+into\s+(?:production|service)|(?:being\s+)?used\s+by\s+(?:the\s+)?"
    r"(?:residents|citizens|users|job\s*seekers|the\s+public|people)|utilise\w*\s+(?:directement\s+)?par\s+"
    r"les\s+(?:habitants|citoyens|usagers|demandeurs|gens)|(?:is|are)\s+(?:it|they)\s+(?:now\s+|already\s+|"
    r"still\s+)?(?:being\s+)?used|already\s+being\s+used|used\s+(?:today|now)|"
    # still in use: "il marche encore en 2026 ?", "is Albert still in use?" (not "still
    # running", said of a call too)
    r"(?:marche|fonctionne|tourne|sert)\w*\s+(?:encore|toujours)|(?:encore|toujours)\s+(?:utilise\w*|en\s+service|"
    r"actif|active)|still\s+(?:in\s+use|working|active|(?:being\s+)?used)|"
    r"(?:combien|cb|cmb)\s+de\s+(?:gens|personnes|habitants|usagers|utilisateurs)\s+(?:l'\s*)?(?:ont\s+)?utilise)|"
    # what a project does with people's data: "albert garde les conversations ?", "quelles
    # données france travail a sur moi ?"
    r"(?P<processing>(?:mes|my)\s+(?:donnees|data)\b|(?:traite|utilise|exploite|collecte)\w*\s+quelles\s+donnees|"
    r"(?:what|which)\s+data\s+(?:does|did|do)\s+(?:it|they|the\s+(?:tool|project|assistant|model|chatbot|system))\s+"
    r"(?:use|process|collect|handle|rely\s+on)\b|donnees\s+(?:\w+\s+){0,4}?sur\s+moi\b|"
    r"(?:garde|conserve|stocke)\w*\s+(?:les|mes|nos)\s+(?:conversations|echanges|donnees)|"
    r"(?:keep|store|retain)s?\s+(?:the\s+|my\s+|our\s+)?(?:conversations|chats|data)|"
    r"partage\w*\s+(?:mes|les|nos)\s+donnees|shares?\s+(?:my|our|the)\s+data|"
    r"(?:on\s+)?(?:which|what|quels?)\s+serv(?:ers|eurs)|data\s+is\s+stored|donnees\s+sont\s+(?:stockees|hebergees)|"
    # where a tool is hosted, what it keeps of its users: "where is Albert hosted?"
    r"(?:is|are)\s+(?:albert|it|the\s+tool|the\s+model|the\s+data|the\s+assistant)\s+hosted|hosted\s+(?:on|in|where)|"
    r"heberge\w*\s+(?:ou|chez)|(?:which|what|quel)\s+cloud|"
    r"(?:store|keep|retain|stocke|garde|conserve)\w*\s+(?:the\s+|les\s+)?(?:questions|messages|requests|requetes|demandes|"
    r"conversations)\s+(?:of|des|from)\s+(?:the\s+)?(?:users|usagers|citizens|citoyens|agents))|"
    # the projects turned down: "which applications were rejected, and why?"
    r"(?P<rejected>turned\s+down|rejected|recale\w*|(?:n'ont|ont)\s+pas\s+ete\s+retenu\w*|non\s+retenu\w*|"
    r"not\s+(?:been\s+)?(?:selected|chosen|retained)|refuse\w*\s+(?:par\s+la\s+cnil|au\s+bac))|"
    # the CNIL's other work, beyond this call: its board, its status, guidance, notices
    r"(?P<institution>college\s+de\s+la\s+cnil|(?:hors|en\s+dehors\s+du|outside\s+(?:of\s+)?the|apart\s+from\s+the|beyond\s+the)\s+"
    r"(?:bac\s+a\s+sable|sandbox)|designe\w*\s+(?:un|une|notre|le|la|son|sa)\s+(?:dpo|dpd|delegue\w*)|"
    r"(?:designate|appoint|register)\w*\s+(?:a|an|our|the)\s+(?:dpo|data\s+protection\s+officer)|cnil'?s?\s+(?:board|college|plenary)|"
    r"autorite\s+(?:administrative|publique)\s+independante|independent\s+(?:administrative\s+)?authority|"
    r"fiches?\s+pratiques|practical\s+guid\w+|guidance\s+sheets?|mise\s+en\s+demeure|formal\s+notice|rescrit|"
    r"avis\s+formel|formal\s+opinion|mooc|webinaires?|webinars?|guidelines|lignes\s+directrices|"
    r"cnil\s+(?:a[\s-]t[\s-]elle\s+)?publi\w*\s+des\s+(?:recommandations|guides?|fiches)|"
    r"(?:venir\s+faire|organiser|donner)\s+(?:une\s+)?(?:petite\s+)?formation|training\s+sessions?\s+(?:for|at|in)\s+(?:our|my)|"
    # "la CNIL a déjà donné un avis sur Pronote ?" (not trainings: "y a des formations pour
    # nos agents ?" asks about the support)
    r"(?:donne|rendu|emis|publie)\s+(?:un\s+)?avis\s+sur|avis\s+de\s+la\s+cnil\s+sur|"
    # "la cnil a sorti un guide sur les caméras ?"
    r"(?:sorti|publie|edite)e?s?\s+(?:un|une|des)\s+(?:guides?|fiches?)|"
    r"(?:met|prend)\s+combien\s+de\s+temps\s+(?:\w+\s+){0,3}?pour\s+repondre|how\s+long\s+does\s+the\s+cnil\s+take|"
    r"(?:dans\s+quel|quel)\s+delai\s+(?:la\s+cnil\s+)?(?:repond|repondra)|"
    r"(?:published|released|issued)\s+(?:a|any)\s+(?:guide|guidance))|"
    # when a law applies: "l'AI Act s'applique quand aux administrations ?"
    r"(?P<in_force>s'applique\s+quand(?!\s+meme)|(?:dates?|calendrier)\s+d'(?:application|entree\s+en\s+(?:vigueur|application))|"
    r"entre\w*\s+en\s+(?:vigueur|application)|(?:applies|apply)\s+(?:when|first)|s'applique\s+en\s+premier|application\s+dates?|"
    r"when\s+(?:does|will)\s+(?:the\s+)?(?:ai\s+act|it|regulation)\s+(?:apply|take\s+effect|enter|come\s+into)|"
    r"(?:enters?|entered|comes?|came)\s+into\s+(?:force|effect))|"
    # what AI is, in general: "la différence entre IA générative et machine learning ?"
    r"(?P<concept>difference\s+entre\s+(?:l'|le\s+|la\s+)?(?:ia|intelligence|machine|deep|apprentissage)|"
    r"difference\s+between\s+(?:generative|ai|machine|deep)|(?:c'est\s+quoi|qu'est-ce\s+que|what\s+is)\s+"
    r"(?:le\s+|l'|the\s+|un\s+|an?\s+)?(?:machine\s+learning|deep\s+learning|apprentissage\s+(?:automatique|profond)|"
    r"llm|ia\s+generative|generative\s+ai|reseau\s+de\s+neurones|neural\s+network|fria)|"
    # "l'IA va remplacer nos agents ?"
    r"remplacer\s+(?:nos|les|des)\s+(?:agents|fonctionnaires|emplois|salaries)|replace\s+(?:our\s+|the\s+)?"
    r"(?:staff|civil\s+servants|jobs|workers|employees))|"
    # work asked of the bot: "could you draft the roadmap for our project?", "m'aider pour ma dissert"
    r"(?P<chore>(?:could|can|would)\s+you\s+(?:please\s+)?(?:draft|write|prepare|compose)\s+(?:[\w'-]+\s+){0,5}?"
    r"(?:for|of)\s+(?:our|my)|(?:pourriez|pouvez|pourrais|peux)[\s-](?:vous|tu)\s+(?:me\s+|nous\s+)?(?:rediger|ecrire|"
    r"preparer)\s+(?:[\w'-]+\s+){0,5}?(?:pour|de)\s+(?:notre|mon|ma|nos|mes)|(?:m'aider|help\s+me)\s+(?:\w+\s+){0,3}?"
    r"(?:dissert\w*|devoirs?|homework|essay))|"
    # how many applications came in; whether a winner was sanctioned since; a DPIA
    r"(?P<received>(?:dossiers|candidatures|applications|proposals)\s+(?:\w+\s+){0,3}?(?:recus|received|deposes)|"
    # (not "combien de candidatures venaient de collectivités ?", a share)
    r"combien\s+de\s+candidatures(?!\s+(?:\w+\s+){0,3}?(?:venaient|viennent|provenaient|emanaient|portaient|concernaient))|"
    r"how\s+many\s+(?:applications|proposals|submissions)(?!\s+(?:\w+\s+){0,3}?(?:came|come|were)\s+(?:from|about)))|"
    r"(?P<sanctioned>(?:did|has|have|was|were|got|get|been)\s+(?:\w+\s+){0,5}?(?:fined|sanctioned|penali[sz]ed)|"
    r"did\s+(?:\w+\s+){1,5}?(?:fine|sanction|penali[sz]e)\s+(?:any|one|some|the)\b|"
    r"(?:a|ont)(?:-t-il|-t-elle|-ils|-elles)?\s+(?:deja\s+|depuis\s+|ensuite\s+)?ete\s+sanctionne|"
    r"(?:a|ont)[\s-](?:t-)?(?:elle|il|ils|elles)\s+(?:\w+\s+){0,2}?sanctionne)|"
    # (not "dispensés de l'AIPD grâce au bac à sable ?")
    r"(?P<dpia>(?:aipd|dpia)(?:\W+\w+){0,10}?\W+(?:validee?s?|validated|approved|approuvee?s?)|"
    r"(?:validee?s?|validated|approved|approuvee?s?)\s+(?:\w+\s+){0,3}?(?:aipd|dpia))|"
    # a ceremony, a closing event; a DOI, a citation
    r"(?P<event>evenement|event|ceremonie|ceremony|soiree\s+de|closing\s+(?:event|session)|demo\s+day)|"
    r"(?P<citation>doi|(?:comment|how\s+(?:do\s+i|to|should\s+i))\s+(?:le\s+|la\s+)?cite[rz]?\b|citer\s+correctement|cite\s+(?:it|the\s+report)\s+(?:properly|correctly))|"
    # another language: "the final report in Polish?", "traduit en anglais ?"
    r"(?P<translation>translat\w+|tradui\w*|traduction|in\s+(?:polish|german|spanish|italian|portuguese|dutch|"
    r"greek|romanian|arabic)|en\s+(?:polonais|allemand|espagnol|italien|portugais|neerlandais|grec|roumain|arabe))|"
    # how long data is kept ("durée de conservation"), asked of something else than this bot
    r"(?P<retention>duree\s+de\s+conservation|retention\s+(?:period|time|duration))|"
    # which data a project trained on: "which datasets exactly were used?"
    r"(?P<datasets>(?:which|what|quels?)\s+(?:\w+\s+)?(?:datasets|jeux\s+de\s+donnees)|how\s+many\s+records|"
    r"(?:entraine|trained)\w*\s+(?:sur|on)\s+(?:quelles|which|what|des|les)\s+(?:\w+\s+)?(?:donnees|data)|"
    r"(?:trained|entraine\w*)\s+on\s+(?:citizens|users|our|their)|(?:trained|entraine\w*)\s+(?:avec|sur)\s+(?:les\s+)?donnees\s+des)|"
    # what a report recommends, beyond its topics
    r"(?P<recommendations>(?:quelles|what|which)\s+(?:\w+\s+)?(?:recommandations|recommendations|recos|"
    r"preconisations)|recommandations?\s+(?:concretes|precises|pratiques)|recos\s+concretes|"
    r"(?:concrete|specific|practical)\s+recommendations)|"
    # a job or a seat at the CNIL, not a place in the sandbox: "la cnil recrute ?", "comment
    # devenir membre du comité"
    r"(?P<jobs>recrut\w*|hiring|job\s+offers?|offres?\s+d'emploi|internships?|"
    r"(?:work|job)\s+(?:at|for)\s+the\s+cnil|travailler\s+(?:a|pour)\s+la\s+cnil|"
    r"devenir\s+membre|become\s+a\s+member|(?:join|rejoindre|integrer|sieger\s+(?:a|dans))\s+"
    r"(?:le|la|the|ce|this)\s+(?:comite|jury|committee|commission|panel))|"
    # a share of a whole: "what share of applicants were local authorities?"
    r"(?P<share>(?:what|which)\s+(?:\w+\s+)?(?:share|proportion|percentage)|quelle\s+(?:\w+\s+)?(?:part|proportion)|"
    # "combien de lauréats étaient des startups ?": how many of them were of a kind
    r"combien\s+(?:de|d')\s*\w+\s+(?:[\w']+\s+){0,4}?(?:etaient|sont|etait|ont\s+ete)\s+des\b|"
    r"how\s+many\s+(?:of\s+)?(?:the\s+)?\w+\s+(?:\w+\s+){0,4}?(?:were|are)\s+(?:startups|companies|(?:local\s+)?authorities|public|private)\b|"
    r"acceptance\s+rate|success\s+rate|taux\s+(?:d'acceptation|de\s+selection|de\s+reussite)|"
    r"combien\s+(?:\w+\s+){0,3}?(?:portaient|concernaient|traitaient)\s+(?:\w+\s+)?sur|"
    r"pourcentage|percentage|proportion\s+(?:de|des|d'|of)|repartition|ventilation|"
    # "how many of the 20+ applications came from hospitals?"
    r"(?:what|which|quel)\s+%\s+(?:of|des|de)\b|how\s+many\s+(?:\w+\s+){0,6}?(?:came|come|were|originated|originate)\s+from|combien\s+(?:\w+\s+){0,6}?(?:venaient|viennent|"
    r"provenaient|emanaient)\b)|"
    # the CNIL certifying a product or a person: "can the CNIL certify our tool?"
    r"(?P<certify>cnil\b(?:\s+[\w'-]+){0,4}?\s+certif(?:y|ies|ie|ient|ier)\b|"
    r"certif\w*\s+(?:[\w'-]+\s+){0,5}?(?:for|pour|de|des)\s+(?:[\w'-]+\s+){0,2}?(?:products?|produits?|"
    r"solutions?|outils?|tools?|dpos?|dpd|data\s+protection\s+officers|companies|entreprises?|our|notre|nos))|"
    # what a body is made of, not who: "composition du comité", "composé de qui, en gros ?"
    r"(?P<composition>composition|compose\s+de\s+qui|qui\s+composait)|"
    # who chose: "qui a sélectionné les lauréats ?", "who picked the winners?"
    r"(?P<chooser>(?:qui|ki)\s+(?:a|avait|ont)\s+(?:selectionne|choisi|retenu|designe|tranche|decide)|"
    r"(?:c'est|c)\s+qui\s+qui\s+(?:a\s+)?(?:selectionne|choisi|choisit|decide|tranche)|"
    r"(?:qui|ki)\s+(?:selectionne|choisit|decide|tranche)|"
    r"who\s+(?:selected|chose|picked|decided|decides|selects|chooses|picks))|"
    r"(?P<figures>des\s+chiffres|(?:combien|nombre)\s+(?:de\s+|d')(?:habitants|usagers|utilisateurs|foyers|menages|allocataires)\b|"
    r"(?:how\s+many|number\s+of)\s+(?:households|residents|users|citizens|inhabitants|job\s*seekers)\b|(?:combien|nombre)\s+de\s+(?:pages|reunions|rendez-vous|seances|ateliers)|"
    r"how\s+many\s+(?:pages|meetings|sessions|workshops)|page\s+count|any\s+(?:numbers|figures|data)|combien\s+d'agents|how\s+many\s+hours|"
    r"combien\s+d'heures|staff\s+time|temps\s+(?:homme|agent)|jours[\s-]hommes?|person[\s-]days|"
    r"how\s+many\s+staff|effectifs?|headcount|how\s+big|taille\s+de\s+l'equipe|number\s+of\s+staff|"
    r"nombre\s+d'agents)|"
    r"(?P<count>combien|how\s+many|nombre\s+de|number\s+of)|"
    r"(?P<performance>accuracy|halluc\w*|bias(?:es|ed)?|biais|audit\s+(?:results|report)|evaluated\s+for|(?:quelle\s+est\s+la|what(?:'s|\s+is)\s+the)\s+precision|taux\s+d'erreur|error\s+rate|fiabilite|how\s+accurate|"
    r"false\s+positives?|faux\s+positifs?)|"
    r"(?P<appeal>contester|contest|faire\s+appel|appeal|recours)|"
    r"(?P<access>(?:get|have|gain)\s+access|y\s+acceder|acces\s+a\s+l'outil|on\s+y\s+accede|access\s+it|"
    r"(?:je|on)\s+(?:m'|s')?inscri\w*\s+(?:a|au|sur)\s+(?!l'appel|au\s+bac|le\s+bac|la\s+cnil)|sign\s+up\s+(?:for|to)\s+(?!the\s+(?:call|sandbox))|"
    r"dispo(?:nible)?\s+(?:pour|dans|partout)\s+(?:tou|les)|available\s+(?:to|in|for)\s+(?:all|every)|"
    r"(?:use|deploy|install)\s+(?:it|the\s+\w+(?:\s+\w+)?)\s+in\s+our|l'(?:utiliser|installer|deployer)\s+"
    r"(?:dans|chez)\s+(?:nous|notre|nos)|"
    # its code (also the "code" kind), or using it ourselves: "Albert code is open
    # source?", "notre interco peut utiliser Albert ?"
    r"(?:albert|its|son)\s+code\b|(?:the|le)\s+code\s+(?:is|est)\s+(?:it\s+|il\s+)?(?:open|ouvert|libre|public)|"
    r"repris\s+(?:le\s+projet|l'outil)|reprendre\s+(?:le\s+projet|l'outil)|reused?\s+(?:the\s+)?(?:project|tool)|"
    r"(?:reprendre|reutiliser|recuperer|reuse|take\s+over)\s+(?:leur|son|sa|their|its)\s+(?:outil|solution|assistant|tool|app\w*)|"
    r"(?:peut|peuvent|pourrait|pourrions|pourraient|pouvons|can|could)[\s-](?:on\s+|nous\s+|we\s+)?"
    r"(?:\w+\s+){0,3}?(?:utiliser|use|reutiliser|reuse|adopter|adopt)\s+albert|"
    r"(?:albert|l'outil|the\s+tool|the\s+assistant|ekonom'?ia)\s+(?:[\w-]+\s+){0,3}?(?:available|accessible|dispo(?:nible)?)\s+"
    r"(?:to|for|in|aux?|pour|a)\b|(?:reuse|reutiliser|reprendre)\s+(?:the|its|their|le|son|leur)\s+code)|"
    r"(?P<outcome>abouti(?!\s+a\s+(?:un|une|des|le|la|l')\b)|succeed(?:ed)?|resultats?\s+concrets?|concrete\s+results|real\s+impact|"
    # "ils sont devenus quoi ?", "abandoned or not?"
    r"(?:sont|est)\s+devenue?s?\s+quoi|(?:que|qu')\s+sont\s+(?:\w+\s+){0,3}?devenus|"
    r"(?:ete\s+)?abandonne(?:e|s|es)?\b|(?:been\s+)?abandoned|"
    # "ça marche vraiment ?", "il en est où aujourd'hui ?"
    r"(?:ca|cela|it|that|this)\s+(?:marche|fonctionne|works?)\s+vraiment|does\s+(?:it|that|this)\s+really\s+work|"
    r"en\s+(?:est|sont)\s+ou\s+aujourd'hui|ou\s+en\s+(?:est|sont)\s+(?:[\w'-]+\s+){0,4}?aujourd'hui|"
    r"where\s+(?:is|are)\s+(?:it|they)\s+(?:at\s+)?(?:now|today)|(?:gone|went|go|come|came)\s+down|"
    r"(?:was|is)\s+(?:\w+\s+){0,8}?a\s+success|un\s+succes|satisfaction|"
    r"economis\w*\s+(?:combien|cb|cmb)|(?:combien|cb|cmb)\s+(?:\w+\s+){0,3}?economis\w*|saved\s+how\s+much|"
    r"impact\s+reel|resultats\s+de\s+l'experimentation|results\s+of\s+the\s+(?:pilot|trial|experiment)|"
    r"conclu\w*|verdict|(?:trial|pilot|experiment|tool|test|deployment)\s+(?:\w+\s+){0,4}?(?:evaluated|assessed)|"
    r"(?:experimentation|outil|test|pilote|deploiement)\s+(?:\w+\s+){0,4}?(?:a\s+ete\s+|ete\s+)?evalue|"
    # what a project achieved: "a-t-il vraiment permis de réduire…", "did it really cut…"
    r"(?:vraiment|reellement|really|actually|concretement)\s+(?:\w+\s+)?(?:permis|reduit|ameliore|diminue|"
    r"change|obtenue?s?|reduced?|improved?|lowered?|cut|saved?|achieved?|worked|help(?:ed)?|shorten(?:ed)?|"
    r"speed(?:ed)?\s+up|sped\s+up|raccourci|accelere)|"
    r"(?:results|resultats)\s+(?:in\s+numbers|chiffres)|"
    r"what\s+came\s+(?:of|out\s+of)|did\s+(?:[\w'-]+\s+){1,6}?end\s+up|(?:go|went)\s+on\s+to|"
    r"did\s+(?:it|they)\s+(?:really\s+|actually\s+)?work|did\s+(?:the|it|they|this|that)\s+(?:[\w'-]+\s+){0,4}?(?:reduce|cut|improve|lower|shorten|increase|save)\b|"
    r"has\s+it\s+worked|how\s+did\s+it\s+(?:go|turn\s+out)|(?:economies?|savings?)\s+(?:d'eau|de\s+temps|"
    r"d'argent|of\s+water|in\s+water|of\s+time)|water\s+savings)|"
    r"(?P<winners>who\s+won|qui\s+a\s+gagne|"
    # "which projects were in it?", "c'étaient quels projets ?", "name the 2021 participants"
    r"(?:which|what)\s+projects\s+(?:were|are)\s+(?:in(?!\s+(?:scope|line))|part\s+of)\b|c'etai(?:en)?t\s+(?:quoi\s+les|quels)\s+"
    r"(?:\d+\s+|douze\s+)?projets|name\s+the\s+(?:\w+\s+)?(?:participants|projects|winners)|"
    r"(?:laureats|gagnants|winners)\b[\w\s'-]{0,50}?,?\s*(?:c'est|c'etait|c|ce\s+sont|sont|etaient|were|are)\s+"
    r"(?:qui|ki|who)\b|(?:laureats|winners)\s*,?\s*who\s+(?:were|are)\s+they|(?:qui|quels)\s+(?:sont|etaient|seront)\s+les\s+(?:laureats|gagnants)|"
    r"(?:c'est|c|c'etait|ce\s+sont)\s+qui\s+les\s+(?:laureats|gagnants)|(?:annonce|devoile|designe)\w*\s+les\s+(?:laureats|gagnants)|"
    r"announced\s+the\s+winners|(?:which|what|quels|quelles)\s+(?:\w+\s+)?(?:projets|projects|hospitals|hopitaux|communes|cities|"
    r"companies|entreprises|startups|organismes|organi[sz]ations|structures|acteurs)\s+(?:\w+\s+)?(?:participated|took\s+part|"
    r"ont\s+participe|participaient|avaient\s+participe|y\s+ont\s+participe)|"
    r"who\s+(?:are|were)\s+the\s+(?:winners|laureates)|(?:connait|know)\s+(?:deja\s+|already\s+)?"
    r"(?:les|the)\s+(?:laureats|winners)|(?:les|the)\s+(?:laureats|winners|gagnants)\b(?:\s+\w+){0,6}?\s+(?:sont|are|"
    r"ont\s+ete|were|have\s+been|will\s+be|seront|be)\s+(?:deja\s+|already\s+)?(?:connus|known|designes|named|"
    r"annonces|announced|devoiles|revealed)|"
    # "quels étaient les 12 projets retenus", "projets qui y avaient été sélectionnés"
    r"(?:quel(?:le)?s?|which|what)\s+(?:etaient|sont|were|are)\s+(?:les|the)\s+(?:\d+\s+)?(?:projets|projects)\s+"
    r"(?:retenus|selectionnes|laureats|selected|chosen)|(?:projets|projects)\s+(?:qui\s+(?:y\s+)?(?:ont|avaient)\s+"
    r"ete|that\s+(?:were|had\s+been|got))\s+(?:retenus|selectionnes|selected|chosen|picked)|"
    r"(?:quel(?:le)?s?|which|what)\s+(?:\w+\s+)?(?:projets?|projects?|laureats?|candidats?|dossiers?|"
    r"structures?|organismes?|organi[sz]ations?|hopitaux|hospitals|communes?|villes?|cities|"
    r"companies|company|entreprises?|startups?|start-ups?|societes?|"
    r"collectivites|acteurs|ones|entites|entities|applicants|equipes|teams)\s+(?:\w+\s+)?(?:ont\s+"
    r"ete\s+|a\s+ete\s+|avai(?:en)?t\s+ete\s+|sont\s+|etaient\s+|were\s+|was\s+|got\s+|"
    r"have\s+been\s+|had\s+been\s+)?(?:finalement\s+|"
    r"finally\s+)?(?:retenu(?:e|s|es)?|selectionne(?:e|s|es)?|laureats?|selected|chosen|picked|won|"
    r"winners?|gagnants?|ont\s+gagne)|(?:quel(?:le)?s?|which|what)\s+(?:projets?|projects?)\s+(?:ont|avaient|have|had|were)\s+"
    r"(?:\w+\s+){0,2}?(?:ete\s+)?(?:retenus|selectionnes|choisis|selected|chosen|picked)|(?:liste|list|noms?|names?)\s+(?:des|of\s+the|of)\s+"
    r"(?:laureats|projets|winners|projects|gagnants))|"
    r"(?P<licence>(?:sous\s+)?quelle\s+licence|(?:which|what|under\s+what)\s+licen[cs]e|"
    r"licence\s+ouverte|open\s+licen[cs]e|etalab)|"
    r"(?P<code>github|gitlab|code\s+source|source\s+code|depot\s+(?:git|de\s+code)|repository)|"
    r"(?P<complaint>plainte|complaints?|violation\s+de\s+donnees|data\s+breach|notifier\s+(?:une\s+)?violation|saisir\s+la\s+cnil|signaler\s+(?:une|un)\s+\w+\s+a\s+la\s+cnil|"
    r"report\s+(?:a|an|them|it)\s+(?:\w+\s+)?to\s+the\s+cnil)|"
    r"(?P<authority>quelle\s+(?:\w+\s+){0,2}?autorite|(?:qui\s+(?:sera\s+charge\w*|gere(?:ra)?|organise(?:ra)?|s'occupe(?:ra)?\s+d[eu])|"
    r"who\s+(?:will\s+)?(?:runs?|oversees?|operates?|be\s+in\s+charge\s+of|is\s+in\s+charge\s+of|is\s+running))\s+"
    r"(?:[\w']+\s+){0,4}?(?:ai\s+act|regulatory|reglementaire|regulation)|which\s+(?:\w+\s+){0,2}?authority|market\s+surveillance|"
    r"surveillance\s+du\s+marche|run\s+by\s+the\s+cnil|(?:national\s+)?competent\s+authorit\w+|autorites?\s+competentes?|pilote\s+par\s+la\s+cnil|"
    r"controler\s+l'application|supervise[sd]?)|"
    r"(?P<day>a\s+quelle\s+heure|what\s+time\s+(?:is|was|did|does|do|will))|"
    # when something opened or was launched, not when it closed: "when did it open?", "lancé qd"
    r"(?P<launch>(?:quand|qd|when)\s+(?:\w+\s+){0,4}?(?:open(?:ed|s)?|launch(?:ed)?|lance\w*|ouvert\w*|"
    r"ouvre|ouvrait)\b|(?:lance\w*|launched|opened|ouvert\w*)\s+(?:\w+\s+)?(?:quand|qd|when)\b|"
    r"date\s+(?:de\s+lancement|d'ouverture)|(?:launch|opening)\s+date)|"
    # when something was created: "il a été créé quand ce service ?", "since when does it exist?"
    r"(?P<created>(?:cree|creee|crees|created|founded|set\s+up)\s+(?:\w+\s+){0,3}?(?:quand|qd|when)\b|"
    r"(?:quand|qd|when)\s+(?:\w+\s+){0,4}?(?:cree|creee|created|founded|set\s+up)\b|"
    r"(?:cree|creee|created|founded|set\s+up)\s+(?:en\s+quelle\s+annee|a\s+quelle\s+date|in\s+what\s+year)|"
    r"(?:depuis\s+quand|since\s+when)\s+(?:\w+\s+){0,3}?(?:existe|exists?)\b)|"
    r"(?P<when>(?:^|[.?!:;,]\s*|\b(?:et|and|so|but|ok|alors|mais)\s+)(?:quand|qd)\s+(?!on\b|je\b|j'|nous\b|vous\b|"
    r"ils?\b|elles?\b|les?\b|la\b|l'|une?\b|mon\b|ma\b|mes\b|notre\b|nos\b|votre\b|vos\b|ce\b|cette\b|ces\b|"
    r"tu\b|t'|quelqu'un\b)|"
    r"(?:^|[.?!:;,]\s*|\b(?:and|so|but|ok)\s+)when\s+(?:is|was|are|were|will|do|does|did|can|could|should|"
    r"would|has|have|exactly|precisely)\b|"
    r"(?:c'est|c|ce\s+sera|ca\s+sera|commence(?:r|nt|ra|ront)?|demarre\w*|"
    r"debute\w*|start(?:s|ed)?|begin(?:s)?|finit|termine\w*|end(?:s|ed)?|creee?s?|created|"
    r"sort\w*|publie\w*|published|announced|annonce\w*|lieu|ouvert\w*|open(?:s|ed)?|"
    r"arrive\w*|prevue?s?|planned|due|exactement|precisement|exactly|precisely)\s+(?:\w+\s+)?(?:quand|qd|when)\b"
    # not a conjunction: "c'est anonyme quand je te pose une question ?"
    r"(?!\s+(?:je|j'|tu|t'|on|nous|vous|il|elle|ils|elles|i|we|you|they)\b)|"
    r"(?:depuis|jusqu'a|a\s+partir\s+de|since|until|till|by|from)\s+(?:quand|when)\b|"
    r"(?:a\s+)?quelle\s+date|(?:what|which)\s+date|date\s+(?:exacte|precise|de\s+debut|de\s+fin|de\s+demarrage)|"
    r"(?:exact|precise|start|starting|end)\s+date|(?:en\s+)?quelle\s+annee|(?:what|which)\s+year|"
    r"dates?\s+(?:svp|stp|please|pls)|\bla\s+date\s*\?)|"
    r"(?P<legal>(?:quelle|which|what|under\s+what|en\s+vertu\s+de\s+quelle)\s+loi\b|"
    r"(?:which|what)\s+law\b|base\s+legale|legal\s+basis|lawful\s+basis|duree\s+de\s+conservation|retention\s+period|"
    r"how\s+long\s+(?:can|may|should|must)\s+(?:we|they|i|you|a|an|the)\b|"
    r"combien\s+de\s+temps\s+(?:peut|pouvons|doit|devons|on\s+peut|on\s+doit)|aipd|dpia|"
    r"analyse\s+d'impact|impact\s+assessment|sanctions?|amendes?|"
    r"(?:a|any|the|get|risk|pay)\s+fines?|(?:been|be|get|got|getting|being)\s+fined|"
    r"(?:art\.?|article)\s+\d+|high[\s-]risk|(?:a\s+)?haut\s+risque)|"
    # whether something is lawful: "c'est légal ça ?", "is that allowed?", "ont-ils le droit de
    # me filmer ?" (not "which law applies in the sandbox?")
    r"(?P<lawful>c\s+(?:est\s+)?legal|(?:is|was)\s+(?:it|this|that)\s+(?:even\s+)?(?:legal|allowed|permitted|lawful)|"
    r"(?:est-ce|c'est)\s+(?:bien\s+)?(?:legal|autorise|permis)\b|en\s+infraction|enfrein\w*|"
    r"(?:violer|viole|violate|violating|breach|breaching|infringe|infringing)\s+(?:le\s+|the\s+)?(?:rgpd|gdpr)|in\s+breach\s+of|(?:is|c'est|c)\s+(?:it\s+|this\s+|that\s+|ca\s+)?illegal|"
    r"(?:legal|legale|lawful|allowed|autorise\w*|le\s+droit)\s+(?:avec|selon|au\s+regard\s+du|under|by|with)\s+"
    r"(?:le\s+|the\s+)?(?:rgpd|gdpr)|(?:ont|a)[\s-](?:ils|elles|il|elle|t-il|t-elle|t-on|on)\s+le\s+droit|"
    r"(?:avons[\s-]nous|ai[\s-]je|avez[\s-]vous)\s+le\s+droit|droit\s+d'auteur|copyright|propriete\s+intellectuelle|intellectual\s+property|"
    r"(?:on|ils|elles|nous)\s+(?:a|ont|avons)\s+(?:bien\s+)?le\s+droit(?!\s+(?:de\s+|d')(?:postuler|candidater|participer|deposer|s'inscrire))|(?:have|has)\s+(?:they\s+|we\s+)?the\s+right\s+to)|"
    # an opinion on the asker's own case: "notre outil est-il conforme, selon vous ?"
    r"(?P<advice>selon\s+vous|a\s+votre\s+avis|d'apres\s+vous|in\s+your\s+opinion|do\s+you\s+think|"
    r"vous\s+pensez|tu\s+penses|pensez-vous|"
    r"(?:notre|nos|mon|ma|mes|our|my)\s+(?:[\w-]+\s+){0,5}?(?:est|sont|serait|seraient|etait|sera|is|are|"
    r"would\s+be|will\s+be)\s+(?:(?:il|elle|it|they|bien|vraiment|really|fully|still)\s+)?(?:conformes?|"
    r"compliant|legal|legaux|lawful)|(?:are|am|is)\s+(?:we|i|our\s+[\w-]+)\s+(?:\w+\s+)?(?:compliant|lawful)|"
    r"(?:notre|nos|mon|ma|mes)\s+(?:[\w'-]+\s+){0,10}?(?:est|sont)[\s-](?:il|elle|ils|elles)\s+(?:bien\s+|vraiment\s+)?"
    r"(?:conformes?|legal\w*|licites?)|"
    # which legal basis to use, whether a DPIA or consent is needed: advice on a case
    r"(?:quelle|which|what)\s+(?:\w+\s+)?(?:base\s+legale|legal\s+basis|lawful\s+basis)|"
    r"(?:base\s+legale|legal\s+basis|lawful\s+basis)\s+(?:a\s+retenir|retenir|utiliser|to\s+use|should)|"
    r"(?:interet\s+legitime|legitimate\s+interests?)\s+(?:ou|or)\b|should\s+we\s+rely\s+on|"
    # what the asker's own system must do: "the plates need to be blurred?", "how many days
    # we can keep the video?", "is Nantes allowed to share residents' data with a partner?"
    r"(?:must|need\s+to|needs\s+to|have\s+to|has\s+to|should)\s+be\s+(?:blurred|anonymi[sz]ed|pseudonymi[sz]ed|encrypted)|"
    r"(?:doivent|doit)\s+(?:etre\s+)?(?:floute|anonymise|pseudonymise|chiffre)\w*|faut[- ]il\s+(?:flouter|anonymiser|pseudonymiser|chiffrer)|"
    r"how\s+(?:many\s+days|long)\s+(?:can|may|should)\s+we\s+keep|how\s+many\s+days\s+(?:can\s+)?we\s+(?:can\s+)?keep|"
    r"combien\s+de\s+(?:temps|jours)\s+(?:peut-on|on\s+peut|pouvons-nous|doit-on)\s+(?:garder|conserver)|"
    r"allowed\s+to\s+(?:share|transfer|sell|pass\s+on|send)|droit\s+de\s+(?:partager|transmettre|vendre|ceder)|"
    r"(?:faut[- ]il|(?:il\s+)?faut|doit[- ]on|devons[- ]nous|on\s+doit|do\s+we\s+(?:have\s+to|need\s+to|need)|should\s+we|must\s+we|"
    r"do\s+i\s+need(?:\s+to)?)\s+(?:\w+\s+){0,2}?(?:aipd|dpia|analyse\s+d'impact|impact\s+assessment|fria|"
    r"consentement|consent|informer|inform|demander\s+le\s+consentement))"
    r")\b"
)


# The scheme, or what it would let one off: a legal question naming it asks about it
# (the sandbox's own words, shared with _SANDBOX_NAMED)
_SANDBOX_WORDS = r"sandbox|bac\s+a\s+sable|programme|program|dispositif|scheme|laureats?|winners?|retenus?|accompagn\w*"
_SCHEME_NAMED = re.compile(
    rf"\b(?:{_SANDBOX_WORDS}|derog\w*|exempt\w*|exon\w*|selected|selectionne\w*|pilot\w*|test\w*|"
    r"experiment\w*|cnil)\b"
)


# The sandbox or its stages named: a certification asked of it is the question of an entry
_SANDBOX_NAMED = re.compile(
    rf"\b(?:{_SANDBOX_WORDS}|select\w*|support(?:ed)?|participa\w*|taking\s+part|label\w*)\b"
)


def details(folded: str) -> frozenset[str]:
    """The kinds of detail a :func:`fold`-ed text asks for.

    >>> sorted(details(fold("Quelle entreprise a fait Albert, et son budget ?")))
    ['maker', 'money']
    """
    kinds = frozenset(m.lastgroup or "" for m in _DETAIL.finditer(folded))
    if "lawful" in kinds and not _SCHEME_NAMED.search(folded):
        # "mon projet de drone, c'est légal ?": whether the asker's own case is lawful, an
        # opinion on it (not whether the sandbox lets one off the law)
        kinds = kinds - {"lawful"} | {"advice"}
    if "certify" in kinds:
        # "can the CNIL certify our product?": its certification, another of its tasks
        # (not "does selection mean certification?", "la CNIL certifie les lauréats ?")
        kinds -= {"certify"}
        if not _SANDBOX_NAMED.search(folded):
            kinds |= {"institution"}
    # an opening, a creation are dates too
    return kinds | {"when"} if kinds & {"launch", "created"} else kinds


def tokens(text: str) -> list[str]:
    """Folded content words: :func:`words` without stopwords."""
    return [w for w in words(text) if w not in STOPWORDS]


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light stem shared by French and English.

    >>> stem("candidatures"), stem("candidater"), stem("selected"), stem("selection")
    ('candid', 'candid', 'select', 'select')
    """
    ordinal = _ORDINAL.fullmatch(word)
    if ordinal:
        return f"{ordinal[1]}e"
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    if len(word) > 4 and not word.isdigit():
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
    return word[:_STEM_MAX]


def stems(text: str) -> list[str]:
    """Stems of the content words of ``text``."""
    return [stem(w) for w in tokens(text)]


# -- who asks to apply ---------------------------------------------------------------------

# Kinds of applicant: "une petite commune de 2000 habitants, elle peut postuler ?" (public),
# "an association working with municipalities, can it apply?" (private), "un citoyen lambda
# peut participer ?" (individual).
_APPLICANTS = {
    "public": (
        r"administrations?|ministeres?|ministr(?:y|ies)|collectivites?|communes?|mairies?|"
        r"municipalit(?:e|es|y|ies)|villes?|(?<!smart )cit(?:y|ies)|departements?|regions?|"
        r"prefectures?|sous-prefectures?|hopita(?:l|ux)|hospitals?|chu|chr|ars|"
        r"centres? hospitaliers?|etablissements? publics?|operateurs? publics?|"
        r"agences? (?:publiques?|nationales?|regionales?)|metropoles?|intercommunalites?|"
        r"syndicats? intercommuna(?:l|ux)|epci|councils?|count(?:y|ies)|boroughs?|"
        r"public (?:body|bodies|agency|agencies|authorit(?:y|ies)|administration|entity|"
        r"entities|hospital|institution|institutions|establishment)|"
        r"local (?:authorit(?:y|ies)|government|council)|government (?:agency|agencies|"
        r"department|departments)|organismes? publics?|acteurs? publics?|state agency|"
        r"caf|cpam"
    ),
    "private": (
        r"entreprises?|compan(?:y|ies)|start-?ups?|start ups?|associations?|assos?|ngos?|ongs?|"
        r"non-?profits?|pme|tpe|sarl|editeurs?|vendors?|prestataires?|integrateurs?|"
        r"bureaux? d'etudes?|consultanc(?:y|ies)|firms?|boites?|boite privee|"
        r"cabinets?(?! du | de la )|"
        r"fondations?|foundations?|federations?|fede|mutuelles?|scop|suppliers?|contractors?|"
        r"private (?!data|life|lives|information|individuals?|persons?|people|citizens?)\w+|"
        r"organismes? prives?|acteurs? prives?|societes?|smes?|charit(?:y|ies)|dev shop|"
        r"agence (?:web|digitale|de communication)|digital agency"
    ),
    "individual": (
        r"particuliers?|citoyens?|citizens?|individuals?|personnes? physiques?|"
        r"chercheu(?:r|rs|se|ses)|researchers?|etudiant(?:e|s|es)?|students?|"
        r"doctorant(?:e|s|es)?|phd students?|freelances?|freelancers?|"
        r"independant(?:e|s|es)?|auto-?entrepreneur(?:e|s|es)?|enseignant(?:e|s|es)?|"
        r"teachers?|profs?"
    ),
}
_APPLICANT = re.compile(
    "|".join(rf"\b(?P<{kind}>(?:{names}))\b" for kind, names in _APPLICANTS.items())
)
# ... asked whether it may apply
_APPLY = re.compile(
    r"\b(?:postul\w*|candidat\w*|participer|deposer|eligibles?|recevables?|porter un projet|"
    r"s'inscrire|m'inscrire|apply|eligible|take part|participate|submit)\b"
)
# "qui peut postuler ?", "which bodies could apply?": who, not whether this one may
_WHO_FIRST = re.compile(
    r"^\W*(?:(?:et|and|so|alors|bonjour|hello|hi)\W+)?(?:qui|who|quels?|quelles?|which|what)\b"
)
# A body named as the applicant's partner or client, not as the applicant: "an association
# working with municipalities", "je vends un logiciel aux mairies", "tools for prefectures"
_CLIENT = re.compile(
    r"\b(?:with|avec|for|pour|aux|to|alongside|aupres|partenaires?|partners?|clients?|"
    r"customers?|compte|vend\w*|sell\w*|prestataires?|titulaire|mandate\w*|financ\w*|"
    r"funded|par|by|accompagn\w*|supports?|serves?|serving|helps?|helping|aide\w*)\s+"
    r"(?:[\w'-]+\s+){0,3}(?:\w+')?$"
)
# ... or the word that qualifies one: "une association étudiante"
_QUALIFIED = re.compile(rf"(?:{_APPLICANT.pattern})\s+$")
# ... and after the verb, only "as a startup", "en tant qu'association"
_AS = re.compile(r"\b(?:as an?|as|en tant qu'?e?|comme)\W+(?:une?\W+)?$")


def applicant(folded: str) -> str | None:
    """The kind of applicant a :func:`fold`-ed question asks may apply ("public",
    "private", "individual"), or None: no applicant named, or no asking to apply.

    The applicant is the last body named before the verb that is nobody's partner or client.

    >>> applicant(fold("Une association qui travaille avec la ville peut-elle candidater ?"))
    'private'
    >>> applicant(fold("une petite commune, elle peut postuler ?"))
    'public'
    >>> print(applicant(fold("qui peut postuler ? les communes ?")))
    None
    """
    verb = _APPLY.search(folded)
    if verb is None or _WHO_FIRST.match(folded):
        return None
    named = [
        m
        for m in _APPLICANT.finditer(folded)
        if not _CLIENT.search(folded[: m.start()])
        # "une association étudiante": the body, not the word that qualifies it
        and not _QUALIFIED.search(folded[: m.start()])
    ]
    before = [m for m in named if m.start() < verb.start()]
    if before:
        return before[-1].lastgroup
    after = [m for m in named if _AS.search(folded[: m.start()])]
    return after[0].lastgroup if after else None
