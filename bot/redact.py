"""Redaction of personal data from question text, before anything is stored.

Pure (no I/O). The text is normalised first (NFKC: full-width digits and ``＠`` become
ASCII; every Unicode space becomes a space; invisible characters go), then each kind of
personal data is found and replaced by a label:

============  ==========================================================================
label         what, and how it is recognised
============  ==========================================================================
[email]       email addresses, also ``jean at gmail dot com``, ``jean [at] mairie [.] fr``;
              not a shared mailbox (``contact@``, ``dpo@``..., or said to be "générique")
[phone]       phone numbers: Google's libphonenumber (``phonenumbers``), France by default,
              any country with ``+`` or ``00``; US/UK numbers in their national format;
              any national format after "tel", "mobile", "cell.", "office"...; not a
              switchboard, freephone or secretariat number said to be one
[iban]        IBANs with valid check digits (``python-stdnum``), or as long as their
              country's IBANs; French RIBs (5-5-11-2)
[card]        payment cards: 13-19 digits passing the Luhn check, 16 digits in fours, or
              13-19 digits after "carte", "card", "CB"; the expiry date and code after them
[nir]         French social-security numbers (NIR, Corsica's 2A/2B too): check key valid,
              or 15 characters with the key, or the shape after "sécu", "NIR", "INSEE"...
[siret]       SIRET (14 digits) and SIREN (9 digits) with valid Luhn check, in 3-3-3-5
              groups, or after the word; not a public body's (SIREN starting with 1 or 2)
[plate]       licence plates: AB-123-CD, 1-ABC-234; 1234 AB 56 after "plaque", "plate"
[id]          numbers named by the words before them (ID card, passport, residence permit,
              driving licence, tax number, employee or student number, badge, DNI, SIN,
              codice fiscale...) and passwords and logins ("mot de passe : ...",
              "password is ..."); an Italian codice fiscale by its shape
[ip]          IPv4 and IPv6 addresses (checked by ``ipaddress``)
[birthdate]   a date after "né le", "date de naissance", "born on", "DOB"...
[location]    GPS coordinates with four decimals or more
[sensitive]   what one says of oneself in GDPR's special categories: health ("je suis en
              ALD pour ...", "I have diabetes"), union membership, religion, sexual
              orientation; to the end of the clause
[profile]     profile links: t.me, telegram.me, linkedin.com/in, facebook, instagram,
              x/twitter, tiktok, github...
[handle]      ``@handles`` (4 to 32 characters)
[name]        a person's name after "je m'appelle", "my name is", "M.", "Mme", "Dr"...,
              in a signature ("Cordialement, Jean Dupont"), or a known first name followed
              by a capitalised surname
[number]      a run of digits and separators over 64 characters (pasted tables, hostile
              input), removed whole
[address]     a postal address: number, street type (rue, avenue, bd...), street name, and
              postcode and town when given (and the country); other countries' orders; a
              postcode and town after "j'habite", "adresse"; not an organisation's (a town
              hall's, a hospital's...) unless it is said to be one's home
============  ==========================================================================

The CNIL's own public contact data (its address and switchboard number, quoted in the
FAQ) is not personal data and is kept; so are shared mailboxes (``contact@``, ``dpo@``...),
numbers after "standard" / "switchboard", and identifiers whose check digits fail when the
text says they are fake or from documentation ("faux", "test", "sample", "doc"...).

>>> redact("Je suis jean.dupont@mairie.fr, tel 06 12 34 56 78")
'Je suis [email], tel [phone]'
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn, numdb
from stdnum.exceptions import ValidationError
from stdnum.fr import nir as stdnum_nir
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from bot.names import FIRST_NAMES
from bot.text import STOPWORDS, fold


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start:end`` of a text are personal data of kind ``label``."""

    start: int
    end: int
    label: str


# ---------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------

_INVISIBLE = frozenset(
    "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\x00"
)
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_APOSTROPHES = frozenset("’‘ʼ`´′ʹ＇")


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC with Unicode spaces as spaces, dashes as ``-`` and invisible
    characters removed, and for each of its characters the index it came from in ``text``.

    >>> normalise("０６\u00a012")[0]
    '06 12'
    """
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE or unicodedata.category(ch) in ("Cf", "Cs"):
            continue
        if ch in _DASHES:
            piece = "-"
        elif ch in _APOSTROPHES:
            piece = "'"
        elif unicodedata.category(ch) == "Zs":  # no-break, narrow, thin, ideographic spaces
            piece = " "
        elif unicodedata.combining(ch) and out:
            merged = unicodedata.normalize("NFC", out[-1] + ch)
            if len(merged) == 1:
                out[-1] = merged
                continue
            piece = ch
        else:
            piece = unicodedata.normalize("NFKC", ch)
        for c in piece:
            out.append(c)
            origin.append(i)
    return "".join(out), origin


# ---------------------------------------------------------------------------------------
# Public data that is not personal: the CNIL's contact details, quoted by the FAQ
# ---------------------------------------------------------------------------------------

PUBLIC_PHONES = frozenset({"+33153732222"})  # the CNIL's switchboard
_CNIL_TOWN = r"75\d{3}\s+paris(?:\s+cedex(?:\s+0?7)?)?"
_PUBLIC_TEXT = re.compile(
    rf"3,?\s+place\s+de\s+fontenoy(?:\s*,?\s*tsa\s*80715)?(?:\s*,?\s*{_CNIL_TOWN})?"
    rf"|tsa\s*80715|75334\s+paris(?:\s+cedex(?:\s+0?7)?)?|(?<![\w.+\-])[\w.+\-]{{1,64}}@cnil\.fr\b|@cnil\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------
# Structured identifiers
# ---------------------------------------------------------------------------------------

# Quantifiers are bounded (64 characters a part, as in the standard) and matches start at a
# word's start: a hostile 4,096-character word costs linear time, not quadratic.
_EMAIL = re.compile(
    r"(?<![\w.+\-'])[\w.+\-']{1,64}@@?(?: (?=[\w\-]+\.[A-Za-z]))?[\w\-]{1,63}(?:\.[\w\-]{1,63}){0,8}\.[A-Za-z]{2,24}\b"
)
# Obfuscated: "jean at gmail dot com", "jean [at] mairie [dot] fr", "jean(arobase)free.fr".
_AT_MARKED = r"\s*[\[\(\{<]\s*(?:at|arobase|chez)\s*[\]\)\}>]\s*|\s+@\s+"
_AT_WORD = r"\s+(?:at|arobase|chez)\s+"
_DOT_MARKED = r"\s*[\[\(\{<]\s*(?:dot|point|pt|\.)\s*[\]\)\}>]\s*"
_DOT_WORD = r"\s+(?:dot|point)\s+"
_LABEL = r"[A-Za-z0-9][\w\-]{0,62}"
_DOT_ANY = rf"(?:\.|{_DOT_MARKED}|{_DOT_WORD}|\s\.\s)"  # "sophie . martinez @ gmail . com"
_EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w+\-.])(?P<local>[\w+\-]{{1,64}}(?:{_DOT_ANY}[\w+\-]{{1,64}}){{0,4}})"
    rf"(?P<at>{_AT_MARKED}|{_AT_WORD})"
    rf"(?P<domain>{_LABEL}(?:{_DOT_ANY}{_LABEL}){{0,4}}{_DOT_ANY}[A-Za-z]{{2,12}})\b"
    rf"(?!{_AT_MARKED}|{_AT_WORD})",  # "p dot vandamme at ugent dot be": not "me at p dot vandamme"
    re.IGNORECASE,
)
_AT_ANY = re.compile(r"(?i:\bat\b|\barobase\b|\bchez\b|\s@\s)")
# Letters spaced out "for the robots": "r o m a i n . t e s s i e r @ g m a i l . c o m".
_EMAIL_SPACED = re.compile(r"(?<!\S)(?:[\w.\-] ){3,64}@(?: [\w.\-]){3,64}(?!\S)")
_MAIL_PROVIDERS = frozenset(
    "gmail yahoo hotmail outlook live msn icloud me orange wanadoo free sfr laposte "
    "neuf proton protonmail gmx aol yandex mail bbox numericable".split()
)

_URL_PROFILE = re.compile(
    r"(?:https?://)?(?:www\.|[a-z]{2}\.|m\.)?"
    r"(?:t\.me|telegram\.me|telegram\.dog|linkedin\.com/in|linkedin\.com/pub|"
    r"facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|tiktok\.com|github\.com|"
    r"gitlab\.com|youtube\.com/@|youtube\.com/c|youtube\.com/user|medium\.com/@|"
    r"threads\.net|bsky\.app/profile|mastodon\.[a-z]+/@|wa\.me|viadeo\.com/p|"
    r"malt\.(?:fr|com)/profile|xing\.com/profile|researchgate\.net/profile|orcid\.org|"
    r"behance\.net|dribbble\.com|about\.me|calendly\.com|doctolib\.fr)"
    r"/?[\w.\-@%/+]*[\w/]",
    re.IGNORECASE,
)
# A personal page: "https://perso.univ-x.fr/~tgauthier" (looked for only when "/~" is there).
# "jonas-nyberg.bsky.social", "ines.b.design sur insta": a handle named by its network.
_NETWORK_HANDLE = re.compile(
    r"(?<![\w@./])[A-Za-z0-9][\w.\-]{1,40}\.bsky\.social\b"
    r"|(?<![\w@./])(?P<handle>[A-Za-z][\w.\-]{2,30}[A-Za-z0-9_])\s+(?i:sur|on)\s+"
    r"(?i:insta(?:gram)?|twitter|tiktok|bluesky|bsky|mastodon|threads|snap(?:chat)?|x)\b"
)
_PERSONAL_PAGE = re.compile(
    r"(?<![\w.\-/])(?:https?://)?[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,6}/~[\w.\-]{1,64}/?"
)
# An account on a messaging app: "wechat: chenwei_0815", "skype : j.dupont75".
_APP_HANDLE = re.compile(
    r"(?i:\b(?:wechat|skype|discord|snapchat|snap|insta(?:gram)?|signal|viber|teams|threema|"
    r"pseudo|handle)\b)\s*(?:[:=]|\b(?:is|est|c'est)\b)?\s*(?P<handle>@?(?=[\w.\-#]*[\d_.])[A-Za-z][\w.\-]{2,31}[\w](?:\#\d{4})?)"
)
_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z][A-Za-z0-9_.\-]{3,31}(?<![.\-])")

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d|/\d)")  # not a network
_IPV6 = re.compile(r"(?<![\w:])(?=[0-9a-f:]*:[0-9a-f:]*:)[0-9a-f:]{2,39}(?:%\w+)?(?![\w:])", re.I)

# Runs of digits in groups separated by one space, dot, dash or slash: candidate numbers.
_DIGIT_RUN = re.compile(r"(?<![\w])\d+(?:[ .\-/]\d+)*(?![\w])")
_NIR_SHAPE = re.compile(
    r"(?<![\w])[12][ .\-]?\d{2}[ .\-]?\d{2}[ .\-]?(?:\d{2}|2[AB])[ .\-]?\d{3}[ .\-]?\d{3}"
    r"(?:[ .\-]?\d{2}|\s*[,/\-]?\s*(?:(?:cl[ée]|key)\s*:?\s*)?\d{2})?(?![\w])",
    re.IGNORECASE,
)
_IBAN_SHAPE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ \-\n]?[A-Z0-9]){10,32}(?![\w])", re.I)

# A card's security code, after the card: "cvv 123", "cryptogramme : 456".
_CVV = re.compile(
    r"\b(?:cvv2?|cvc2?|cid|crypto(?:gramme)?(?:\s+visuel)?|code\s+de\s+s[ée]curit[ée]|"
    r"security\s+code)\s*[:=]?\s*(?P<code>\d{3,4})(?!\d)",
    re.I,
)


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


# A shared mailbox is an organisation's, not a person's: contact@, accueil@, dpo@...
_ROLE_MAILBOX = frozenset(
    "contact info infos accueil secretariat communication presse press support admin "
    "webmaster noreply no-reply bonjour hello dpo rgpd mairie courrier standard privacy gdpr "
    "legal compliance careers jobs media sales team office rh hr recrutement candidatures "
    "innovation numerique dsi informatique projets".split()
)


_GENERIC = re.compile(r"(?i:g[ée]n[ée]rique|generic|shared\s+(?:mail|inbox|address)|fonctionnelle)")


def _personal_domain(domain: str) -> bool:
    """A domain made of a person's name: "hello@janavoss.de", "contact@marie-dupont.fr"."""
    label = domain.split(".")[0]
    return any(
        label.startswith(first) and len(label) > len(first) + 2
        for first in (label[:n] for n in range(4, min(len(label), 12)))
        if first in FIRST_NAMES
    )


_RESERVED_DOMAIN = re.compile(
    r"(?:^|\.)(?:example\.(?:com|org|net)|example|test|test\.(?:com|fr)|invalid|localhost)$"
)


def _emails(text: str) -> Iterator[Span]:
    for plain in _EMAIL.finditer(text):
        generic = _GENERIC.search(text, max(0, plain.start() - 40), plain.start())
        if generic and not re.search(
            r"(?i:\bmine\b|\bmoi\b|perso)", text[generic.end() : plain.start()]
        ):
            continue
        local, domain = plain.group().lower().split("@", 1)
        if local in _ROLE_MAILBOX and not _personal_domain(domain):
            continue
        if _RESERVED_DOMAIN.search(domain):
            continue  # "john.doe@example.com": a domain no mailbox can have (RFC 2606)
        yield Span(plain.start(), plain.end(), "email")
    for spaced in _EMAIL_SPACED.finditer(text):
        yield Span(spaced.start(), spaced.end(), "email")
    if not _AT_ANY.search(text):
        return
    pos = 0
    while (m := _EMAIL_OBFUSCATED.search(text, pos)) is not None:
        # on a refusal, look again from the next word: "reach me at j.smith at gmail.com"
        pos = m.end("local") + 1
        at, domain, local = m.group("at"), m.group("domain"), m.group("local")
        marked = not at.isspace() and at.strip() not in ("at", "arobase", "chez")
        if not marked:
            # a bare " at " is English; only an obfuscated address if the rest looks like one
            dotted_words = re.search(rf"{_DOT_WORD}|{_DOT_MARKED}", domain, re.I)
            provider = domain.split(".")[0].split()[0].lower() in _MAIL_PROVIDERS
            odd_local = re.search(r"[._+\-\d]", local) is not None
            if not (dotted_words or provider or odd_local):
                continue
        pos = m.end()
        yield Span(m.start(), m.end(), "email")


_NATIONAL_US_UK = re.compile(r"\d{3}[ .\-]\d{3}[ .\-]\d{4}|0\d{2,4} ?\d{3,4} ?\d{3,4}")
# A German mobile in national format: "0171 5583290", "0151/23456789".
_NATIONAL_DE = re.compile(r"01[5-7]\d{1,2}[ /]?\d{6,8}")
# A UK mobile in national format, eleven digits: "07700 914 382" (a fiction range, not valid).
_UK_MOBILE = re.compile(r"(?<![\w+])07\d{3} ?\d{3} ?\d{3}(?![\w])")
# The national formats read as such in other regions than France.
_NATIONAL_FORMAT = {"US": _NATIONAL_US_UK, "GB": _NATIONAL_US_UK, "DE": _NATIONAL_DE}
_SLASHED = re.compile(r"(?<![\d/])(?:\d{1,4}/){3,7}\d{1,4}(?![\d/])")


# Where a phone number can be: digits with the separators people type, six digits at least.
_PHONE_ZONE = re.compile(r"[+(]*\d[\d ().\-/+]*\d")
LONG_RUN = 64  # a longer run of digits and separators is removed whole, as [number]


def _long_runs(text: str) -> Iterator[Span]:
    """Runs of digits and separators over 64 characters: no question is typed that way
    (pasted tables, lists of numbers, hostile input); reading them number by number costs
    libphonenumber seconds, so they go whole."""
    for zone in _PHONE_ZONE.finditer(text):
        if zone.end() - zone.start() > LONG_RUN:
            yield Span(zone.start(), zone.end(), "number")


def _phone_windows(text: str) -> Iterator[tuple[int, int]]:
    """Slices of ``text`` to give libphonenumber: each zone of digits with one character
    around it (the matcher looks at its neighbours)."""
    for zone in _PHONE_ZONE.finditer(text):
        start, end = zone.span()
        if end - start <= LONG_RUN and sum(c.isdigit() for c in zone.group()) >= 6:
            yield max(0, start - 1), min(len(text), end + 1)


# Valid numbers of France, the US and the UK; then any international number of a possible
# length (made-up and fiction ranges too: "+44 7700 900 412").
_POSSIBLE = phonenumbers.Leniency.POSSIBLE
# France's overseas departments have their own regions: "06 92 15 47 30" (La Réunion).
_FRENCH_REGIONS = ("FR", "RE", "GP", "MQ", "GF", "YT")
_PHONE_PASSES = (
    *((region, phonenumbers.Leniency.VALID) for region in _FRENCH_REGIONS),
    ("US", phonenumbers.Leniency.VALID),
    ("GB", phonenumbers.Leniency.VALID),
    ("DE", phonenumbers.Leniency.VALID),
    ("FR", _POSSIBLE),
    ("GB", _POSSIBLE),  # only for a UK mobile's national shape (tried after one)
)
# An organisation's switchboard is not a person's number: "(standard : 02 40 41 20 20)".
_SWITCHBOARD = re.compile(
    r"(?i:\bstandard\b|switchboard|secr[ée]tariat|num[ée]ro\s+vert|hotline|service\s+client|"
    r"accueil\s+(?:g[ée]n[ée]ral|de\s+la\s+mairie|du\s+public|t[ée]l[ée]phonique)|reception\s+desk|"
    r"l'accueil\b|n°\s*vert|main\s+line|ligne\s+principale|zentrale)"
)


# A number after a word that says it is a phone: "cell. 338 412 7790", "office 089 2180
# 6643", "my number changed to 07700 900412" (national formats of any country).
_PHONE_WORDS = re.compile(
    r"(?i:\b(?:t[ée]l[ée]?phone|t[ée]l|tel|telefon[eo]?|telefoon|phone|mobile|portable|cell(?:ulare)?|handy|"
    r"whatsapp|office|bureau|ligne\s+directe|direct\s+line|my\s+number|mon\s+num[ée]ro|"
    r"number\s+(?:is|changed\s+to)|num[ée]ro\s+(?:est|c'est)|joignable\s+au|call\s+me(?:\s+back)?\s+(?:on|at)|reach\s+me\s+(?:on|at)|"
    r"rappel(?:ez|er)[- ]moi\s+au)\b\.?\s*:?\s*(?:au|on|at|is|est)?\s*)$"
)
_NATIONAL = re.compile(r"(?<![\w+])\(?0?\d{2,4}\)?(?:[ .\-/]?\d{2,4}){2,4}(?![\w])")


def _phones_named(text: str) -> Iterator[Span]:
    for m in _NATIONAL.finditer(text):
        if 8 <= len(_digits(m.group())) <= 13 and _PHONE_WORDS.search(
            text, max(0, m.start() - 40), m.start()
        ):
            yield Span(m.start(), m.end(), "phone")


_SWITCHBOARD_AFTER = re.compile(
    r"\s*\(\s*(?i:standard|switchboard|accueil|secr[ée]tariat|reception)\b[^)\n]{0,60}\)"
)


# A letter O typed for a zero inside a number (same length: spans stay where they were).
_LETTER_O = re.compile(r"(?<=\d)[Oo](?=\d|\s\d)|(?<=\d\s)[Oo](?=\d)")


# The national prefixes of the overseas departments' numbers (0692, 0590, 0269…): only
# then are their regions tried (international numbers are read in any region).
_OVERSEAS_NATIONAL = re.compile(r"0[ .\-]?(?:[56][ .\-]?9|2[ .\-]?6[ .\-]?[29]|6[ .\-]?3[ .\-]?9)")
_BRACKETED_CODE = re.compile(r"\((\+\d{1,3})\)")


def _phones(text: str) -> Iterator[Span]:
    # libphonenumber does not read slashes as separators: "06/12/34/56/78" (four or more
    # slashes; a date has two).
    spaced = _SLASHED.sub(lambda m: m.group().replace("/", " "), text)
    spaced = _LETTER_O.sub("0", spaced)  # "07 81 9O 44 12": the letter for the digit
    # "(+44) 7700 900 461": the country code in brackets, read as " +44 " (same length)
    spaced = _BRACKETED_CODE.sub(lambda m: f" {m.group(1)} ", spaced)
    seen: list[tuple[int, int]] = []
    for a, b in _phone_windows(spaced):
        overseas = _OVERSEAS_NATIONAL.search(spaced, a, b) is not None
        uk_mobile = _UK_MOBILE.search(spaced, a, b) is not None
        for region, leniency in _PHONE_PASSES:
            if region in _FRENCH_REGIONS[1:] and not overseas:
                continue
            if region == "GB" and leniency is _POSSIBLE and not uk_mobile:
                continue
            for m in phonenumbers.PhoneNumberMatcher(spaced[a:b], region, leniency):
                start, end = a + m.start, a + m.end
                if start and text[start - 1] == "(" and _BRACKETED_CODE.match(text, start - 1):
                    start -= 1  # "(+44) 7911 123 456": the bracket goes with its number
                if any(s < end and start < e for s, e in seen):
                    continue
                raw = m.raw_string.lstrip()
                # Possible but not valid: only as an international number, or as a UK
                # mobile's national shape ("07700 914 382").
                if (
                    leniency is _POSSIBLE
                    and not raw.startswith(("+", "00"))
                    and not (region == "GB" and _UK_MOBILE.fullmatch(raw))
                ):
                    continue
                # Other regions than France: international, or their national format as
                # such ("(202) 555-0147", "020 7946 0018", "0171 5583290").
                if region not in _FRENCH_REGIONS and not (
                    raw.startswith(("+", "(")) or _NATIONAL_FORMAT[region].fullmatch(raw)
                ):
                    continue
                seen.append((start, end))
                e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
                before = _SWITCHBOARD.search(spaced, max(0, start - 50), start)
                # "a hotline? otherwise call me 06 …": mine, not the hotline's
                mine = before and re.search(
                    r"(?i:\b(?:me|moi|my|mon|ma|mine)\b)", spaced[before.end() : start]
                )
                # "… (standard : 02 40 41 20 20)", "02 23 45 60 00 (standard)"
                switchboard = (before and not mine) or _SWITCHBOARD_AFTER.match(spaced, end)
                # 0800…, 089…: a service's number (free or premium), nobody's own
                service = e164.startswith(("+3380", "+3389"))
                if e164 not in PUBLIC_PHONES and not switchboard and not service:
                    yield Span(start, end, "phone")


# A phone number spelled out: "zéro six, quarante-deux, dix-huit, soixante-sept, zéro
# trois", "oh seven seven double nine…": six or more number words from a zero.
_NUMBER_WORD = (
    r"(?:z[ée]ro|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    r"quinze|seize|vingts?|trente|quarante|cinquante|soixante|cent|et|"
    r"zero|oh|one|two|three|four|five|seven|eight|nine|ten|double|triple)"
)
_SPELLED_PHONE = re.compile(
    rf"(?i:\b(?:z[ée]ro|zero|oh|six|sept)(?:[\s,\-]+{_NUMBER_WORD}\b){{5,24}})"
)


# An extension after a number: "01 44 87 62 15, poste 213", "+1 (514) 555-0183 ext. 4".
_EXTENSION = re.compile(r"\s*,?\s*(?i:poste|ext\.?|extension|x)\s*\d{1,5}(?!\d)")


# "zero sept 81 22 90 14", "zero six trente et un 08 42 17": the first digits spelled, the
# rest in figures, or figures and number words mixed.
_MIXED_PHONE = re.compile(
    rf"(?i:\b(?:z[ée]ro|zero)\s+(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf)"
    rf"(?:,?[\s.\-]+(?:\d{{2}}(?!\d)|{_NUMBER_WORD}\b)){{4,16}})"
)


def _spelled_phones(text: str) -> Iterator[Span]:
    for m in _MIXED_PHONE.finditer(text):
        if len(re.findall(r"(?<!\d)\d{2}(?!\d)", m.group())) >= 2:
            yield Span(m.start(), m.end(), "phone")
    for m in _SPELLED_PHONE.finditer(text):
        words = re.findall(r"[^\s,\-]+", m.group().lower())
        enough = 6 if words[0] in ("zéro", "zero", "oh") else 8  # "six quatre-vingt-dix-huit, …"
        if sum(w not in ("et", "double", "triple") for w in words) >= enough:
            yield Span(m.start(), m.end(), "phone")


_VERSION = re.compile(
    r"(?i:\b(?:version|release|build|firmware|v)(?:\s+[^\W\d]+){0,3}?\s*(?:en\s+|is\s+|:\s*)?)$"
)  # "version 1.2.3.4", "notre build interne est en 10.4.2.118"


# The ranges reserved for documentation (RFC 5737, RFC 3849): nobody's address when the
# message says it is an example (people also type them in place of their real one).
_DOCUMENTATION = tuple(
    ipaddress.IPv4Network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
)
_DOCUMENTATION_V6 = ipaddress.IPv6Network("2001:db8::/32")


def _ips(text: str) -> Iterator[Span]:
    for m in _IPV4.finditer(text):
        if _VERSION.search(text, max(0, m.start() - 35), m.start()):
            continue  # "version 1.2.3.4"
        try:
            address = ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if address.is_loopback or address.is_unspecified:
            continue  # "127.0.0.1:8080": this machine, nobody's
        if not (
            any(address in network for network in _DOCUMENTATION)
            and _said_fake(text, m.start(), m.end())
        ):
            yield Span(m.start(), m.end(), "ip")
    for m in _IPV6.finditer(text):
        candidate = m.group().split("%")[0]
        if not any(c.isalnum() for c in candidate):
            continue
        try:
            address6 = ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        if not (address6 in _DOCUMENTATION_V6 and _said_fake(text, m.start(), m.end())):
            yield Span(m.start(), m.end(), "ip")


def _iban_valid(candidate: str) -> bool:
    """The IBAN's own check digits (ISO 7064 mod 97-10) and length. Not the national
    account checks: a real IBAN passes them too, but an IBAN typed with a wrong national
    key is still someone's bank account."""
    try:
        stdnum_iban.validate(candidate, check_country=False)
    except ValidationError:
        return False
    return True


def _iban_length(country: str) -> int | None:
    """The length of the IBANs of ``country`` (from python-stdnum's registry), or None."""
    found = _IBAN_REGISTRY.info(country.upper() + "00")[0][1].get("bban")
    if not found:
        return None
    return 4 + sum(int(n) for n in re.findall(r"(\d+)!?[nace]", found))


_IBAN_REGISTRY = numdb.get("iban")
# An account number after the word: 16 digits or more ("RIB marocain : 007 780 …").
_ACCOUNT_WORDS = re.compile(
    r"(?i:\brib\b|iban|compte\s+bancaire|bank\s+account|account\s+n|mon\s+compte|my\s+account)"
)
# A RIB in its fields: "Banque 30002 Guichet 00550 Compte 0000157841Z Clé 25".
_RIB_FIELDS = re.compile(
    r"(?i:banque|code\s+banque)\s*:?\s*\d{5}\s*[,/;]?\s*(?i:guichet|code\s+guichet)\s*:?\s*\d{5}\s*[,/;]?\s*"
    r"(?i:compte|n°\s*(?:de\s+)?compte)\s*:?\s*[A-Z0-9]{11}(?:\s*[,/;]?\s*(?i:cl[ée](?:\s+rib)?)\s*:?\s*\d{2})?"
)
# A French RIB: bank, branch, account and key ("30004 01234 00012345678 92").
_RIB = re.compile(r"(?<![\w])\d{5}[ .\-]\d{5}[ .\-][A-Z0-9]{11}[ .\-]\d{2}(?![\w])", re.I)


def _ibans(text: str) -> Iterator[Span]:
    for m in _IBAN_SHAPE.finditer(text):
        raw = m.group()
        # The shape may run into the next words ("FR76 ... 189 merci"): keep the longest
        # prefix that ends a group and has valid check digits; else, as people type them
        # (check digits wrong or made up), the prefix as long as the country's IBANs.
        ends = [i for i in range(15, len(raw) + 1) if i == len(raw) or raw[i] in " -\n"]
        length = _iban_length(raw[:2])
        valid = [end for end in reversed(ends) if _iban_valid(raw[:end])]
        shaped = [end for end in ends if len(re.sub(r"[ \-\n]", "", raw[:end])) == length]
        if not valid and shaped and _said_fake(text, m.start(), m.start() + shaped[0]):
            continue
        # A country outside python-stdnum's registry ("SN35 SN01 …", "MA32 0077 …"): an
        # account when said to be one
        if (
            length is None
            and not valid
            and len(re.sub(r"[ \-\n]", "", raw)) >= 20
            and _ACCOUNT_WORDS.search(text, max(0, m.start() - 70), m.start())
        ):
            shaped = [len(raw)]
        for end in (valid or shaped)[:1]:
            yield Span(m.start(), m.start() + end, "iban")
    for m in _RIB.finditer(text):
        yield Span(m.start(), m.end(), "iban")
    for m in _RIB_FIELDS.finditer(text):
        yield Span(m.start(), m.end(), "iban")
    for m in _DIGIT_RUN.finditer(text):
        if len(_digits(m.group())) >= 16 and _ACCOUNT_WORDS.search(
            text, max(0, m.start() - 70), m.start()
        ):
            yield Span(m.start(), m.end(), "iban")


_NIR_WORDS = re.compile(
    r"(?i:s[ée]cu(?:rit[ée]\s+sociale)?|nir|insee|vitale|social\s+security|ss\s+number|n°\s*ss|"
    r"num[ée]ro\s+de\s+s[ée]cu)"
)


def _nirs(text: str) -> Iterator[Span]:
    for m in _NIR_SHAPE.finditer(text):
        compact = re.sub(r"[^0-9ABab]", "", m.group())
        # Valid; or with its key, as people type them (made-up keys too); or named.
        named = _NIR_WORDS.search(text, max(0, m.start() - 40), m.start()) is not None
        if stdnum_nir.is_valid(compact) or (
            (len(compact) == 15 or named) and not _said_fake(text, m.start(), m.end())
        ):
            yield Span(m.start(), m.end(), "nir")


def _numbers(text: str) -> Iterator[Span]:
    """Cards, SIRET and SIREN in runs of digit groups, by their check digits; card codes."""
    for cvv in _CVV.finditer(text):
        yield Span(cvv.start(), cvv.end(), "card")
    for m in _DIGIT_RUN.finditer(text):
        if m.end() - m.start() > LONG_RUN:
            continue  # removed whole by _long_runs
        groups = [(g.start(), g.end()) for g in re.finditer(r"\d+", m.group())]
        # Contiguous sequences of groups with 9 to 19 digits (no identifier is longer),
        # most groups first, so "SIRET 123 456 789 00012" is one SIRET and not a SIREN plus
        # a stray group. At most 19 per group: linear in the length of the run.
        windows: list[tuple[int, int]] = []
        for first in range(len(groups)):
            digits = 0
            for last in range(first, len(groups)):
                digits += groups[last][1] - groups[last][0]
                if digits > 19:
                    break
                if digits == 9 or digits >= 13:
                    windows.append((first, last))
        windows.sort(key=lambda w: (w[0] - w[1], w[0]))
        taken: list[tuple[int, int]] = []
        for first, last in windows:
            a, b = groups[first][0], groups[last][1]
            if any(s < b and a < e for s, e in taken):
                continue
            label = _classify(_digits(m.group()[a:b]))
            if label == "siret" and _GEO_CODE.search(text, max(0, m.start() - 30), m.start()):
                continue  # "code IRIS 693830101": a place's code
            if label == "card" and _fake_card(text, m.start() + a, m.start() + b):
                continue  # "the test card 4242 4242 4242 4242"
            if label:
                taken.append((a, b))
                yield Span(m.start() + a, m.start() + b, label)


# Sixteen digits in fours: a card, whatever its check digit ("4970 1012 3456 7890").
_CARD_SHAPE = re.compile(
    r"(?<!\d[ \-])(?<![\w\-])\d{4}([ \-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?![\w\-]|\1\d)"
)
_CARD_WORDS = re.compile(r"(?i:carte|card|\bcb\b|visa|mastercard|amex|paiement|payment|\bpay)")
# The card's expiry date after it: "exp 08/27", "date 11/26", "valable jusqu'au 03/28".
_EXPIRY = re.compile(
    r"(?i:exp(?:iry|ires?|iration|i)?\.?(?:\s+(?:fin|end|le|on))?|date|valid(?:e|ity)?(?:\s+(?:until|thru))?|"
    r"valable(?:\s+jusqu'au)?|fin\s+de\s+validit[ée])\s*[:=]?\s*"
    r"(?P<date>(?:0[1-9]|1[0-2])\s*[/\-]\s*(?:\d{4}|\d{2}))(?![\d/\-])"
)
# "exp 0426": month and year without a separator, after the word.
_COMPACT_EXPIRY = re.compile(
    r"\s*,?\s*(?i:exp(?:iry|ires?|iration|i)?\.?)\s*[:=]?\s*(?P<date>(?:0[1-9]|1[0-2])\d{2})(?!\d)"
)
_BARE_EXPIRY = re.compile(r"\s*,?\s*(?P<date>(?:0[1-9]|1[0-2])/(?:\d{4}|\d{2}))(?![\d/])")
# SIRET and SIREN as typed: in groups of three (and five), or after the word.
_SIRET_SHAPE = re.compile(r"(?<![\w])\d{3} \d{3} \d{3}(?: \d{5})?(?![\w])")
_SIRET_WORDS = re.compile(
    r"(?i:siret|siren|\bsirt\b|\bsiert\b|kbis|n°\s*d'entreprise|micro-?entreprise|auto-?entrepreneur)"
)


# Numbers said to be fake or taken from documentation: kept when their check digits fail.
_FAKE_WORDS = re.compile(
    r"(?i:\b(?:faux|fausses?|fake|fictifs?|fictives?|fictitious|dummy|bidon|samples?|tests?|illustration|"
    r"docs?|documentation|cahier\s+des\s+charges)\b)"
)


def _said_fake(text: str, start: int, end: int) -> bool:
    """Said to be fake, and not said to be one's own ("mon num de secu ... dans le jeu de
    test": it is someone's)."""
    if _MINE.search(text, max(0, start - 30), start):
        return False
    if _SAID_REAL.search(text, max(0, start - 80), min(len(text), end + 80)):
        return False  # "patient test (réel, pas anonymisé !)"
    return _FAKE_WORDS.search(text, max(0, start - 60), min(len(text), end + 60)) is not None


_SAID_REAL = re.compile(
    r"(?i:\br[ée]el(?:le)?s?\b|\bpas\s+anonymis|\bnot\s+anonymi[sz]|\bnon\s+anonymis|"
    r"\bvraies?\s+donn[ée]es|\breal\s+(?:data|person|patient)|pas\s+d[ûu]\s+(?:coller|mettre|copier)|"
    r"shouldn't\s+have\s+(?:pasted|put|copied))"
)


_MINE = re.compile(r"(?i:\b(?:mon|ma|mes|my|mine|notre|mien|mienne|own)\b)")


# The card numbers that payment providers publish for tests: nobody's, when said to be so.
TEST_CARDS = frozenset(
    {
        "4111111111111111",
        "4242424242424242",
        "4012888888881881",
        "4000056655665556",
        "5555555555554444",
        "5105105105105100",
        "5200828282828210",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
    }
)


def _fake_card(text: str, start: int, end: int) -> bool:
    """Said to be fake, and with wrong check digits or a payment provider's test number."""
    digits = _digits(text[start:end])
    return _said_fake(text, start, end) and (not luhn.is_valid(digits) or digits in TEST_CARDS)


# 16 digits in one run, as a Visa or Mastercard number starts; "card ending 6467".
_CARD_RUN = re.compile(
    r"(?:(?<![\w\-.])|(?<=\b[Cc][Bb])|(?<=\b[Vv][Ii][Ss][Aa]))[45]\d{15}(?![\w\-])"
)
_CARD_ENDING = re.compile(
    r"(?i:(?:card|carte|cb|visa|mastercard|amex)\s+(?:ending(?:\s+in)?|se\s+terminant\s+par|finissant\s+par|"
    r"qui\s+finit\s+par|ending\s+with)\s+)(?P<last>\d{4})(?!\d)"
)


def _shaped_numbers(text: str) -> Iterator[Span]:
    """Cards and SIRET as people type them, made-up check digits too: by their shape or
    the word that names them; a card's expiry date."""
    cards = [(m.start(), m.end()) for m in _CARD_SHAPE.finditer(text)]
    sirets = [m for m in _SIRET_SHAPE.finditer(text) if len(_digits(m.group())) == 14]
    for m in _DIGIT_RUN.finditer(text):  # numbers named by the word before them
        n = len(_digits(m.group()))
        before = text[max(0, m.start() - 40) : m.start()]
        if 13 <= n <= 19 and _CARD_WORDS.search(before) and not _SIRET_WORDS.search(before):
            cards.append((m.start(), m.end()))
        if n in (9, 14) and _SIRET_WORDS.search(text, max(0, m.start() - 50), m.start()):
            sirets.append(m)
    cards += [(m.start(), m.end()) for m in _CARD_RUN.finditer(text)]
    cards += [(m.start("last"), m.end("last")) for m in _CARD_ENDING.finditer(text)]
    for a, b in cards:
        if _fake_card(text, a, b):
            continue
        yield Span(a, b, "card")
        expiry = (
            _EXPIRY.search(text, b, min(len(text), b + 40))
            or _BARE_EXPIRY.match(text, b)
            or _COMPACT_EXPIRY.match(text, b)
        )
        if expiry:
            # "exp 08/27" whole (the word starts the match); a bare "08/27" alone
            start = expiry.start() if expiry.re is _EXPIRY else expiry.start("date")
            yield Span(start, expiry.end("date"), "card")
    for m in sirets:
        if _said_fake(text, m.start(), m.end()) or _public_body(_digits(m.group())):
            continue
        if _LEGAL_ENTITY.search(text, max(0, m.start() - 80), m.start()):
            continue
        yield Span(m.start(), m.end(), "siret")


# A company's SIREN is not personal data (a sole trader's is): "We are a cooperative (SCIC)
# — SIREN 834 567 210", "Jean & Louise SAS, SIREN …".
_LEGAL_ENTITY = re.compile(
    r"\b(?:SAS|SARL|SA|SCIC|SCOP|SEM|SPL|GIE|GmbH|Ltd|Inc)\b"
    r"|(?i:\b(?:coop[ée]rative|cooperative|association|fondation|foundation)\b)"
)  # not a one-person SASU or EURL: its SIREN may be a person's


def _public_body(siret: str) -> bool:
    """A SIREN starting with 1 or 2 is a public body's (the State, local authorities,
    public establishments): not personal data."""
    return siret[:1] in "12"


# Licence plates: French (AB-123-CD, and the old 1234 AB 56 after the word), Belgian.
_PLATE = re.compile(
    r"(?<![\w\-])(?:[A-HJ-NP-TV-Z]{2}[- ]?\d{3}[- ]?[A-HJ-NP-TV-Z]{2}|\d-[A-Z]{3}-\d{3})(?![\w\-])"
)
_OLD_PLATE = re.compile(
    r"(?<![\w])(?:\d{1,4} ?[A-Z]{1,3} ?(?:\d{2}|2[AB])|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} ?\d{1,4}[EH]?)(?![\w])"
)  # old French plates, German ones ("B-KL 4821")
_PLATE_WORDS = re.compile(
    r"(?i:\bplaques?\b|immatricul|\bimmat\b|\bplates?\b|\bregistration\b|\breg\b|kennzeichen|\btarga\b|"
    r"matr[ií]cula|kenteken|[îi]nmatriculare)"
)


_PLATE_LOWER = re.compile(r"(?<![\w\-])[a-z]{2}[- ]?\d{3}[- ]?[a-z]{2}(?![\w\-])")
_VEHICLE = re.compile(
    r"(?i:\bplaques?\b|immatricul|\bplates?\b|voiture|v[ée]hicule|scooter|\bmoto|camion|\bcar\b|"
    r"amende|\bgar[ée]|\bgarant|stationn|\bparking\b|\bPV\b|"
    r"\bvan\b)"
)


# After the word, any format with letters and digits: "car plate 23-KTL-8", "CJ 21 MRV".
_ANY_PLATE = re.compile(
    r"(?<![\w\-])(?=[A-Z0-9 \-]{0,15}\d)(?=[A-Z0-9 \-]{0,15}[A-Z])[A-Z0-9]{1,4}(?:[ \-][A-Z0-9]{1,4}){1,3}(?![\w\-])"
)


_A_FORMAT = re.compile(
    r"(?i:format|type|mod[èe]le|pattern|e\.g\.|ex\.|exemple|example|genre|du\s+style|such\s+as|like)\s*:?\s*$"
)


def _plates(text: str) -> Iterator[Span]:
    for span in _plates_found(text):
        if not _A_FORMAT.search(text, max(0, span.start - 20), span.start):
            yield span  # not "format AA-123-AA"


def _plates_found(text: str) -> Iterator[Span]:
    for m in _ANY_PLATE.finditer(text) if _PLATE_WORDS.search(text) else ():
        if _PLATE_WORDS.search(text, max(0, m.start() - 30), m.start()):
            yield Span(m.start(), m.end(), "plate")
    for m in _PLATE_LOWER.finditer(text):
        if _VEHICLE.search(text, max(0, m.start() - 80), m.start()):
            yield Span(m.start(), m.end(), "plate")
    for m in _PLATE.finditer(text):
        yield Span(m.start(), m.end(), "plate")
    for m in _OLD_PLATE.finditer(text):
        if _PLATE_WORDS.search(text, max(0, m.start() - 60), min(len(text), m.end() + 60)):
            yield Span(m.start(), m.end(), "plate")


# Identifiers named by the words before them: "n° CNI 190375123456", "passport no.
# 19FV48213", "matricule agent 458721", "my password is Soleil2023!", "login kdiallo".
_ID_WORDS = (
    r"carte\s+d'identit[ée]|pi[èe]ce\s+d'identit[ée]|\bCNI\b|passeport|passport|"
    r"titre\s+de\s+s[ée]jour|residence\s+permit|permis(?:\s+de\s+conduire)?|"
    r"driv(?:er'?s|ing)\s+licen[cs]e|licen[cs]e\s+(?:no|number)|num[ée]ro\s+fiscal|"
    r"identifiant\s+fiscal|tax\s+(?:id|number)|matricule|num[ée]ro\s+(?:d'|de\s+)?[ée]tudiant|"
    r"student\s+(?:id|number)|\bINE\b|allocataire|employee\s+(?:id|number|no)|"
    r"staff\s+(?:id|number)|badge|num[ée]ro\s+(?:d'|de\s+)?adh[ée]rent|"
    r"member(?:ship)?\s+(?:id|number)|customer\s+(?:id|number)|num[ée]ro\s+client|"
    r"\bIPP\b|patient\s+id|NHS\s+number|\bSSN\b|national\s+id|id\s+card|identity\s+card|"
    r"identifiant|\bRPPS\b|\bADELI\b|n°\s*(?:de\s+)?compte|num[ée]ro\s+de\s+compte|account\s+(?:no|number)|\bDNI\b|\bNIE\b|\bNIF\b|\bCNP\b|\bCIN\b|cart[ãa]o\s+de\s+cidad[ãa]o|codice\s+fiscale|registre\s+national|rijksregister|"
    r"\bPESEL\b|\bSIN\b|social\s+insurance|national\s+insurance|\bNINO\b|\bNI\s+(?:number|no)\b|\bMDPH\b|navigo|steuer-?id|personalausweis|\bBSN\b|"
    r"n°\s*(?:d'|de\s+)?(?:[ée]tudiant|adh[ée]rent|client|allocataire|fiscal|s[ée]cu)|"
    r"(?:num[ée]ro|n°|identifiant)\s+(?:de\s+demandeur\s+d'emploi|france\s+travail|p[ôo]le\s+emploi)"
)
_SECRET_WORDS = (
    r"\b(?:mot\s+de\s+passe|mdp|password|passcode|code\s+d'acc[èe]s|access\s+code|"
    r"code\s+pin|pin\s+code|login|username|user\s*name|user\s*id|pwd|passwd|digicode|"
    r"code\s+(?:de\s+la\s+)?porte|door\s+code|code\s+d'entr[ée]e)\b"
)
_ID_VALUE = (
    r"(?:\s+(?:no\.?|n[°o]\.?|n\.º|nr\.?|number|num[ée]ro|#))?(?:\s+[A-Z]{2,5})??"
    r"\s*(?:[:=#(]|\b(?:is|est|c'est|was|c)\b)?\s*"
)
_LABELLED_ID = re.compile(
    rf"(?i:{_ID_WORDS}){_ID_VALUE}(?:[^\s\d]{{1,12}}\s+){{0,4}}?"
    r"(?P<value>\d{6,9}(?: [0-9A-Z]{1,4}){1,2}(?![\w])|\d{1,4}(?: \d{1,4}){1,6}(?![\w])"
    r"|[A-Z]{1,3} \d{5,9}(?![\w])|\d{2} \d{5,8}(?![\w])"
    r"|[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])"
    r"|(?=[\w\-/.]*\d)[A-Za-z0-9][\w\-/.]{2,40}[\w])"
)
# A password or login: any value after "is", ":", "c'est"...; without them, one with a
# digit or a sign in it ("mdp Soleil2023!", not "mot de passe oublié").
_PASSWORD = re.compile(r"(?i:mot\s+de\s+passe|mdp|password|passcode)")
_SECRET = re.compile(
    rf"(?P<word>(?i:{_SECRET_WORDS}))(?:\s+(?:[^\s\d]{{1,12}}\s+){{0,5}}?"
    r"(?P<said>c'est|est|is|was|mis|set\s+to|:|=)\s*|\s*[:=]\s*|\s+(?:[^\s\d]{1,12}\s+){0,2}?(?=\S*\d)|\s+)"
    r"(?P<value>[^\s,;]{3,40}(?<![.)?!,]))"
)


# An Italian tax code by its shape: "BNCLRA86M52F205X".
_CODICE_FISCALE = re.compile(r"(?<![\w])[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z](?![\w])")


_A_KIND = re.compile(
    r"(?i:du\s+type|de\s+type|such\s+as|like|e\.g\.|par\s+exemple|for\s+example)\s*$"
)


# A secret as people choose them: a digit or a sign in it.
_SECRET_VALUE = r"(?=\S*[\d!#$%&*@_+=?])[^\s,;]{4,40}(?<![.)?!,])"


# "identifiant mlefort et mdp Soleil!2024": a login, however plain, given with its password.
_LOGIN_THEN_PASSWORD = re.compile(
    r"(?i:identifiant|login|username|user\s*name|utilisateur|\buser)"
    r"(?:(?:\s+[^\s\d]{1,12}){0,5}?\s+(?i:c'est|est|is))?\s*:?\s*(?P<value>[\w.\-@]{3,40})"
    r"\s*(?:,|et|and|/|\+)?\s*(?i:(?:le|la|mon|ma|my|the)\s+)?"
    r"(?i:mdp|mot\s+de\s+passe|password|pwd|pass|code\s+pin|pin(?:\s+code)?|code\s+secret)\b"
    rf"(?:\s*[:=]?\s*(?P<secret>{_SECRET_VALUE}))?"
)


# "new password for the shared portal: Kx9!mallow_22": the value after a colon a few words
# on, when it holds a digit or a sign (not "mot de passe oublié : comment faire ?").
_PASSWORD_FOR = re.compile(
    rf"(?i:mot\s+de\s+passe|mdp|password|passcode)\b[^:\n]{{1,40}}?:[ \t]*(?P<value>{_SECRET_VALUE})"
)
# A log line's "login failed for user 'fbarbier' from 176.139.22.84".
_LOG_USER = re.compile(
    r"(?i:\bfor\s+(?:invalid\s+)?user\s+)(?:(?P<q>['\"])(?P<quoted>[^'\"\s]{2,40})(?P=q)|"
    r"(?P<value>[\w.\-@]{2,40})(?=\s+from\s+\d))"
)
# A log line's "user=a.sanchez.ext pass=Mimosa2023*".
_KEY_VALUE = re.compile(
    r"(?i:\b(?:user|usr|uid|login|username|pass|passwd|pwd|password|email|mail)(?:_[a-z]+)?=)"
    r"(?:\"(?P<quoted>[^\"\n]{2,60})\"|(?P<value>[^\s,;&\]\)]{2,60}))"
)


# What a log writes for no one: "user_id=anonymous", "pwd=***".
_NO_VALUE = frozenset(
    {"", "anonymous", "anonyme", "null", "none", "nil", "guest", "unknown", "redacted"}
)


def _labelled_ids(text: str) -> Iterator[Span]:
    for m in _LOG_USER.finditer(text) if "user" in text.lower() else ():
        group = "quoted" if m.group("quoted") else "value"
        yield Span(m.start(group), m.end(group), "id")
    for pattern in (_PASSWORD_FOR, _KEY_VALUE):
        for m in pattern.finditer(text) if "=" in text or ":" in text else ():
            group = "quoted" if "quoted" in m.re.groupindex and m.group("quoted") else "value"
            if m.group(group).strip("*x").lower() not in _NO_VALUE:  # "user_id=anonymous"
                yield Span(m.start(group), m.end(group), "id")
    for m in _CODICE_FISCALE.finditer(text):
        yield Span(m.start(), m.end(), "id")
    for m in _LABELLED_ID.finditer(text):
        if not _A_KIND.search(text, max(0, m.start("value") - 20), m.start("value")):
            yield Span(m.start("value"), m.end("value"), "id")
    for m in _LOGIN_THEN_PASSWORD.finditer(text):
        yield Span(m.start("value"), m.end("value"), "id")
        if m.group("secret"):  # "user admin.jlo / pass Tr0ub4dor&3x"
            yield Span(m.start("secret"), m.end("secret"), "id")
    for m in _SECRET.finditer(text):
        value = m.group("value")
        if fold(value) in STOPWORDS or (value.isalpha() and not m.group("said")):
            continue
        skipped = text[m.end("word") : m.start("value")]
        if re.search(r"[^\W\d]", skipped) and not (
            m.group("said") or _PASSWORD.match(m.group("word"))
        ):
            continue  # "login page version 2": words between, and no "is" / ":"
        yield Span(m.start("value"), m.end("value"), "id")


_GEO_CODE = re.compile(r"(?i:\biris\b|\binsee\b|code\s+commune|code\s+g[ée]o)")


def _classify(digits: str) -> str | None:
    n = len(digits)
    if 13 <= n <= 19 and digits[0] in "23456" and luhn.is_valid(digits):
        return "card"
    if (n == 14 and stdnum_siret.is_valid(digits)) or (n == 9 and stdnum_siren.is_valid(digits)):
        return None if _public_body(digits) else "siret"
    return None


# ---------------------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------------------

_MONTHS = (
    r"janv(?:ier)?|f[ée]v(?:rier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|"
    r"sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?|"
    r"jan(?:uary)?|feb(?:ruary)?|march|mar|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:tember)?|october|november|december"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:er|st|nd|rd|th)?\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*\d{{2,4}}"
    rf"|\d{{4}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*\d{{1,2}}"
    rf"|\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:\d{{4}}|\d{{2}})"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{4}}"
    rf"|\d{{4}})"
)
_BIRTH = re.compile(
    rf"\b(?:n[ée](?:\(e\)|e)?s?|date\s+de\s+naissance|naissance|naiss\.?|ddn|born|date\s+of\s+birth|"
    rf"birth\s*date|birthdate|birthday|d\.?o\.?b\.?|anniversaire|fecha\s+de\s+nacimiento|"
    rf"nacid[oa]\s+el|data\s+di\s+nascita|nat[oa]\s+il|geburtsdatum|geboren\s+am|"
    rf"data\s+na[sș]terii|geboortedatum|data\s+de\s+nascimento)"
    rf"(?:\s*[:=\-(]\s*|\s+\(?)(?:(?:is|was|est|c'est|c|:|le|en|au|on|in|the)\s+){{0,2}}"
    rf"(?P<date>{_DATE})(?!\d)",
    re.IGNORECASE,
)


# A position: "45.76731, 4.83582", "48.8566° N, 2.3522° E" (four decimals: a building).
_COORDINATES = re.compile(
    r"(?<![\w.])-?\d{1,2}\.\d{4,}°?\s*[NS]?\s*,\s*-?\d{1,3}\.\d{4,}°?\s*[EWO]?(?!\w|\.\d)"
)


# What one says of oneself in GDPR's special categories (health, union membership,
# religion, sexual orientation): "je suis moi-même en ALD pour une sclérose en plaques",
# "je suis syndiqué CGT", "I have diabetes". Removed to the end of the clause.
_SENSITIVE = re.compile(
    r"(?i:\b(?:je\s+suis|i'?m|i\s+am|i\s+was|j'[ée]tais|[ée]tant|being|en\s+tant\s+que|as\s+an?)\s+"
    r"(?:moi-m[êe]me\s+|myself\s+)?(?:an?\s+(?=practi[sc]ing|devout|observant))?"
    r"(?:practi[sc]ing\s+|devout\s+|observant\s+)?"
    r"(?:(?:on|in|part\s+of|a\s+member\s+of)\s+the\s+(?=(?:jewish|muslim|catholic|christian|protestant|"
    r"buddhist|hindu|sikh|evangelical)\b)|membre\s+de\s+la\s+communaut[ée]\s+(?=\w))?"
    r"(?P<state>en\s+ALD|atteinte?\s+d[e']|diab[ée]tique|s[ée]ropositi(?:f|ve)|enceinte|"
    r"handicap[ée]e?|autiste|bipolaire|d[ée]pressi(?:f|ve)|en\s+arr[êe]t\s+maladie|"
    r"reconnue?\s+travailleu(?:r|se)\s+handicap[ée]e?|en\s+burn-?out|"
    r"(?:currently\s+)?on\s+sick\s+leave|"
    r"en\s+invalidit[ée]|syndiqu[ée]e?|d[ée]l[ée]gu[ée]e?\s+syndicale?|"
    r"d[ée]l[ée]gu[ée]e?\s+(?:du\s+personnel\s+)?(?:CGT|CFDT|FO|CFE-CGC|CFTC|UNSA|SUD|FSU)\b|"
    r"(?:\d+|a\s+few|several)\s+months\s+pregnant|enceinte\s+de\s+\d+\s+mois|dyslexique|dyslexic|"
    r"en\s+fauteuil(?:\s+roulant)?|in\s+a\s+wheelchair|a\s+wheelchair\s+user|en\s+mi-temps\s+th[ée]rapeutique|union\s+rep(?:resentative)?|pregnant|diabetic|disabled|hiv[\s\-]positive|"
    r"a\s+union\s+member|musulmane?|juif|juive|catholique|protestante?|homosexuelle?|gay|"
    r"lesbienne|lesbian|transgen(?:re|der)|jewish|muslim|christian|catholic|buddhist|hindu|sikh|"
    r"bipolar|autistic|(?:a\s+)?(?:type\s+(?:1|2|i|ii|one|two)\s+)?diabetic|"
    r"in\s+hospital\s+for\s+[\w\-]+|hospitalis[ée]e?|en\s+chimio\w*|under(?:going)?\s+chemo\w*)"
    r"|\b(?:j'ai|i\s+have|i've\s+got)\s+(?P<ill>(?:un\s+|une\s+|le\s+|la\s+|a\s+)?(?:type\s+(?:1|2|i|ii|one|two)\s+)?(?:cancer|diab[èe]te|"
    r"diabetes|scl[ée]rose|sclerosis|vih|hiv|maladie\s+(?:de\s+)?[\w\-]+|epilep\w+|[ée]pilep\w+|lupus|"
    r"crohn|parkinson|alzheimer|endom[ée]triose|endometriosis|fibromyalgi\w+|polyarthrite|"
    r"mucoviscidose|cystic\s+fibrosis|tdah|adhd))"
    r"|\b(?P<recover>(?:je\s+sors\s+d'une?|je\s+me\s+remets\s+d'une?|(?:i'?m\s+)?recovering\s+from(?:\s+an?)?)\s+"
    r"(?:burn-?out|d[ée]pression|depression|cancer|chimio\w*|chemo\w*|avc|stroke|infarctus|heart\s+attack)|"
    r"je\s+(?:reprends|suis|travaille)\s+en\s+mi-temps\s+th[ée]rapeutique)"
    r"|\barr[êe]t\s+maladie\s+pour\s+(?P<cause>[^,.;!?\n]{3,40})"
    r"|\b(?P<rite>(?:je\s+fais|j'observe|je\s+respecte|i\s+(?:observe|keep|do)|observe|keeping|fasting\s+for)\s+"
    r"(?:le\s+|la\s+|the\s+)?(?:ramadan|shabbat|sabbath|car[êe]me|kippour|yom\s+kippur|lent))\b"
    r"|\b(?:mon\s+fils|ma\s+fille|mon\s+enfant|my\s+(?:son|daughter|child))\b[^.!?\n]{0,60}?"
    r"(?P<kin>\b(?:est|is|a|has)\s+(?:(?:un|une|a)\s+)?(?:type\s+(?:1|2|i|ii|one|two)\s+)?(?:dyslexique|dyslexic|autiste|autistic|handicap[ée]e?|"
    r"disabled|diab[ée]tique|diabetic|[ée]pileptique|epileptic|tdah|adhd|diab[èe]te|diabetes|"
    r"trisomique|down\s+syndrome))"
    r"|\bje\s+souffre\s+(?P<suffer>d[e'][^,.;!?\n]{2,40})"
    r"|\b(?P<union>syndiqu[ée]e?\s+(?:[àa]\s+la\s+|chez\s+)?(?:CGT|CFDT|FO|CFE-CGC|CFTC|UNSA|SUD|FSU)))"
)
_CLAUSE_END = re.compile(r"[,.;!?\n(]|\s(?:et|mais|and|but|so|donc)\s")


def _sensitive(text: str) -> Iterator[Span]:
    for m in _SENSITIVE.finditer(text):
        group = next(
            g
            for g in ("state", "ill", "suffer", "union", "recover", "cause", "rite", "kin")
            if m.group(g)
        )
        # "je suis bipolaire": the words that say it of oneself too; of one's child, from
        # the verb ("ma fille Inès (née le …) est dyslexique")
        start = m.start(group) if group in ("kin", "cause") else m.start()
        stop = _CLAUSE_END.search(text, m.end(group), min(len(text), m.end(group) + 60))
        end = stop.start() if stop else min(len(text), m.end(group) + 60)
        # "… handicapée (RQTH)", "diabetic (type 1)"
        acronym = re.match(r"\s*\([\w \-]{2,12}\)", text[end : end + 16])
        yield Span(start, end + acronym.end() if acronym else end, "sensitive")


def _locations(text: str) -> Iterator[Span]:
    for m in _COORDINATES.finditer(text):
        yield Span(m.start(), m.end(), "location")


# "ma date de naissance pour créer le compte, j'ai mis 12/03/1987": a full date with a
# year of birth, within a few words after the words.
_BIRTH_WORDS = re.compile(
    r"(?i:date\s+de\s+naissance|date\s+of\s+birth|birth\s*date|birthday|\bd\.?o\.?b\b|\bn[ée](?:\(e\)|e)?\s+(?:le|un)|"
    r"\bje\s+suis\s+du|\bddn\b)"
)
_FULL_DATE = re.compile(
    r"(?<![\d/])\d{1,2}[/.\-]\d{1,2}[/.\-](?:19[2-9]\d|20[01]\d)(?![\d/])"
    r"|(?<![\d/\-])(?:19[2-9]\d|20[01]\d)-[01]\d-[0-3]\d(?![\d/\-])"
    rf"|(?<!\d)\d{{1,2}}(?:er)?\s+(?i:{_MONTHS})\.?\s+(?:19[2-9]\d|20[01]\d)(?!\d)"
)


# "Le projet est né le 3 avril 2022": a thing born, not a person.
_THING_BORN = re.compile(
    r"(?i:\b(?:le|la|l'|notre|ce|cet|cette|mon|ma|our|the|this|my)\s*(?:projet|outil|id[ée]e|service|"
    r"appli|application|startup|start-up|entreprise|soci[ée]t[ée]|association|dispositif|initiative|"
    r"project|tool|idea|company|app|bac\s+[àa]\s+sable)\s+(?:est\s+|a\s+[ée]t[ée]\s+|is\s+|was\s+)?)$"
)


def _birthdates(text: str) -> Iterator[Span]:
    for m in _BIRTHPLACE.finditer(text):
        if not _THING_BORN.search(text, max(0, m.start() - 40), m.start()):
            yield Span(m.start("place"), m.end("place"), "location")
    for m in _BIRTH.finditer(text):
        if not _THING_BORN.search(text, max(0, m.start() - 40), m.start()):
            yield Span(m.start("date"), m.end("date"), "birthdate")
    for m in _BIRTH_WORDS.finditer(text):
        date = _FULL_DATE.search(text, m.end(), min(len(text), m.end() + 70))
        if date:
            yield Span(date.start(), date.end(), "birthdate")


# ---------------------------------------------------------------------------------------
# Names and postal addresses: context rules
# ---------------------------------------------------------------------------------------

# Latin Extended-A and Additional too (both cases): Łukasz, Dvořák, Nguyễn Thị.
_UP = "A-ZÀ-ÖØ-Þ\u0100-\u017f\u1e00-\u1eff"
_LOW = "a-zß-öø-ÿ\u0100-\u017f\u1e00-\u1eff"
# One word of a name: Capitalised (hyphens and apostrophes inside), ALL CAPS, or an initial.
_CAP_WORD = (
    rf"(?:[{_UP}](?:'[{_UP}])?[{_LOW}]+(?:[\-'][{_UP}]?[{_LOW}]+)*|[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?"
    rf"|[{_UP}]\.?-[{_UP}]\.|[{_UP}]\.)"
)
_ANY_WORD = rf"(?:[{_UP}{_LOW}]+(?:[\-'][{_UP}{_LOW}]+)*)"
_PARTICLE = r"(?:de|du|des|d'|van|von|der|le|la|di|da|del|dos|ben|bin|el|al|ibn|mac|st\.?)"
_CAP_NAME = rf"{_CAP_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+|d')?{_CAP_WORD}){{0,3}}"
# After "je m'appelle" people also type names in lower case: "je m'appelle jean dupont".
_LOOSE_NAME = rf"{_ANY_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_ANY_WORD}){{0,2}}"

# Countries, as people write them after an address or a place of birth.
_COUNTRY_NAMES = (
    r"UK|U\.K\.|United\s+Kingdom|England|France|Germany|Deutschland|Belgium|Belgique|"
    r"Spain|Espa[ñn]a|Italy|Italia|Switzerland|Suisse|Schweiz|Canada|Netherlands|Ireland|"
    r"Portugal|Luxembourg|USA|United\s+States|Poland|Polska|Austria|[ÖO]sterreich|Sweden|"
    r"Denmark|Norway|Finland|Greece|Romania|Hungary|Czechia|Morocco|Maroc|Alg[ée]rie|Algeria|"
    r"Tunisie|Tunisia|S[ée]n[ée]gal|Qu[ée]bec|Croatia|Hrvatska|Serbia|Slovenia|Bulgaria|Ukraine|"
    r"Lithuania|Latvia|Estonia|Slovakia|Allemagne|Espagne|Italie|Royaume-Uni|Angleterre|Pays-Bas|"
    r"Irlande|Pologne|Autriche|Su[èe]de|Danemark|Norv[èe]ge|Finlande|Gr[èe]ce|Roumanie|Hongrie|"
    r"[ÉE]tats-Unis|Nigeria|Cameroun|Cameroon|Liban|Lebanon|Vietnam|Chine|China|Inde|India|"
    r"Br[ée]sil|Brazil|Turquie|Turkey|Mali|Madagascar|Ha[ïi]ti"
)

# Where one was born: "né le 1er janvier 1959 à Oran", "born in 1984 in Porto".
_BIRTHPLACE = re.compile(
    rf"(?i:\bn[ée](?:\(e\)|e)?|\bborn)(?:\s+(?:(?:le|on|in|en)\s+)?(?:[^,.;:!?\n]|(?<=\d)\.(?=\d)){{1,30}}?)?"
    rf"\s+(?P<place>(?i:à|a|in)\s+{_CAP_WORD}(?:[ \-]+(?:(?i:sur|sous|en|de|du|la|le)[ \-]+)?{_CAP_WORD}){{0,2}}"
    rf"(?:\s+\d{{1,2}}(?:e|er|[èe]me)\b)?"  # "à Paris 14e"
    rf"(?:\s*\({_CAP_WORD}\)|,\s*(?=(?:{_COUNTRY_NAMES})\b)[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)*)?)"
)

# The words that greet, for the rules that read a name after them.
_HELLO = r"hi|hello|hey|bonjour|salut|bonsoir|coucou"

_STRONG_INTRO = re.compile(
    rf"\b(?:je\s+m'?app?ell?e?|jm'?appelle|je\s+me\s+nomme|mon\s+nom\s+(?:est|c'est)|mon\s+pr[ée]nom\s+est|"
    rf"moi\s+c'est|my\s+name\s+is|my\s+name's|name\s*:|nom\s*:|pr[ée]nom\s*:|me\s+llamo|"
    rf"mi\s+chiamo|ich\s+hei(?:ß|ss)e|"
    rf"nom\s+et\s+pr[ée]nom\s*:|full\s+name\s*:|name\s+on\s+(?:the\s+)?card\s*:?|"
    rf"card\s*holder\s*:?|titulaire(?:\s+de\s+la\s+carte)?\s*:?|signed\s*[:,]|sign[ée]\s*[:,]|de\s+la\s+part\s+de|"
    rf"on\s+behalf\s+of|envoy[ée]\s+par|sent\s+by)\s+(?P<name>(?-i:{_CAP_NAME})(?=\s|$|[,.;:!?)])|{_LOOSE_NAME})",
    re.IGNORECASE,
)
_WEAK_INTRO = re.compile(
    rf"(?i:\b(?:je\s+suis|j'?suis|chuis|chui|i\s+am|i'm|im|this\s+is|c'est\s+moi|c\s+moi|it'?s\s+me|c'est|c\s+est|c|cé|moi\s+c|ici|it's|its|"
    rf"soy|sono|sou|sunt|ich\s+bin|ik\s+ben|contact\s*:|"
    rf"interlocuteur\s*:|contact\s+person\s*:|r[ée]f[ée]rente?\s*:))\s+"
    rf"(?P<name>{_CAP_NAME}|{_LOOSE_NAME})"
)
# "Hi, Anh Nguyen here", "Jean Dupont ici": a name that introduces itself.
_HERE = re.compile(
    rf"(?:^|[,.!:;\n][ \t]*|(?i:hi|hello|hey|bonjour|salut|bonsoir)\s*[,\-]?\s*)"
    rf"(?P<name>{_CAP_NAME})\s+(?:(?i:from|of|de|du|at)\s+[^.,;!?\n]{{1,60}}?\s+)?(?i:here|ici)\b"
)
# What may follow a name that "je suis", "c'est"... introduce: the end, punctuation, or
# where the person comes from ("c'est Fatima Benali du CHU"); not "c'est Nantes qui".
_AFTER_WEAK_NAME = re.compile(
    r"\s*(?:$|[,.;:!?()\n]|(?:de|du|des|d'|from|of|at|à|au|chez|et|and|pour|for|with|avec)\b)",
    re.IGNORECASE,
)
_TITLE = re.compile(
    rf"(?<![\w])(?:M\.|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Mlle\.?|Mx\.?|Dr\.?|Pr\.?|Prof\.?|Me\.?|Miss|"
    rf"[Mm]onsieur|[Mm]adame|[Mm]ademoiselle|[Dd]octeur|[Pp]rofesseur|[Mm]a[îi]tre|"
    rf"[Dd]octor|[Pp]rofessor|Sir|Lady)\s+(?P<name>{_CAP_NAME})"
)
_CLOSING = (
    r"cordialement|bien\s+cordialement|bien\s+[àa]\s+vous|salutations(?:\s+distingu[ée]es)?|"
    r"sinc[èe]res\s+salutations|respectueusement|merci(?:\s+d'avance|\s+beaucoup|\s+par\s+avance)?|"
    r"bonne\s+(?:journ[ée]e|soir[ée]e)|[àa]\s+bient[ôo]t|"
    r"best\s+regards|kind\s+regards|warm\s+regards|regards|best|thanks(?:\s+a\s+lot|\s+in\s+advance)?|"
    r"thank\s+you|many\s+thanks|cheers|sincerely|yours\s+sincerely|yours\s+faithfully|faithfully|"
    r"yours|best\s+wishes|all\s+the\s+best|speak\s+soon|talk\s+soon|bien\s+[àa]\s+toi|"
    r"bonne\s+(?:journ[ée]e|soir[ée]e)\s+[àa]\s+(?:toute\s+l'[ée]quipe|tous|vous|toi)"
)
_SIGNATURE = re.compile(rf"\b(?i:{_CLOSING})\s*[,.!]?\s*(?:\n\s*|\s+|-\s*)(?P<name>{_CAP_NAME})")
# What may follow a signature's name on its line: nothing, or a role, an organisation...
_AFTER_SIGNATURE = re.compile(r"[ \t]*(?:$|\n|[,(\-–|/])")
_DASH_SIGNATURE = re.compile(rf"(?:^|\n)[ \t]*(?:--|-)[ \t]*(?P<name>{_CAP_NAME})\s*$")
_LAST_LINE = re.compile(rf"\n[ \t]*(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD}){{1,2}})\s*$")

# Words that follow "je suis" or open a line but are not names.
_NOT_NAMES = frozenset(
    """
    directeur directrice responsable chef cheffe charge chargee chargé chargée dpo delegue
    délégué deleguee déléguée maire adjoint adjointe president presidente président présidente
    head manager director officer ceo cto cio founder fondateur fondatrice agent agente
    consultant consultante avocat avocate juriste ingenieur ingénieur ingenieure ingénieure
    developpeur développeur developpeuse développeuse chercheur chercheuse doctorant doctorante
    etudiant étudiant etudiante étudiante professeur enseignant enseignante secretaire
    secrétaire general général generale générale membre collaborateur collaboratrice
    employe employé employee employée salarie salarié salariee salariée fonctionnaire
    stagiaire lead senior junior chief data project product team equipe équipe service
    mairie ville commune departement département region région ministere ministère ministry
    hopital hôpital chu centre universite université university school ecole école agence
    agency association startup start-up entreprise societe société company cabinet groupe
    conseil bureau direction pole pôle france travail emploi cnil dinum etalab albert
    rgpd gdpr ia ai bonjour hello hi bonsoir salut merci thanks cordialement regards
    le la les un une des du de mon ma mes notre nos votre vos son sa ses the a an our my
    your their this that il elle on nous vous ils elles je tu i we you he she they it
    oui non yes no ok okay desole désolé sorry content contente ravi ravie heureux heureuse
    interesse intéressé interessee intéressée interested curieux curieuse candidat candidate
    nouveau nouvelle new bien tres très pas not also aussi en dans chez at in from of pour
    for avec with sur on qui who que what quand when ou où where comment how pourquoi why
    est sont is are was were peut can pouvez could would
    bonne bon belle journee journée soiree soirée semaine week-end weekend fin suite
    day evening week have please let looking hope see talk any
    prof journalist journaliste reporter researcher student freelance freelancer
    saludos buongiorno hola hallo servus hr rh dsi drh
    nom prenom prénom name surname email mail e-mail courriel tel tél telephone téléphone
    phone portable mobile adresse address fonction role rôle poste organisme organisation
    best cheers warm kind sincerely amities amitiés bises
    policy analyst adviser advisor consultant engineer officer coordinator specialist
    renault peugeot citroen citroën dacia tesla toyota volkswagen fiat ford opel kia
    phd msc mba bsc unit units services digital department division office
    """.split()
)

_STREET_TYPE = (
    r"rue|r\.?(?=\s+[a-zà-ÿ])|avenue|av\.?|bd|boulevard|blvd|all[ée]e|impasse|imp\.?|chemin|ch\.?|place|pl\.?|"
    r"quai|route|rte|cours|square|sq\.?|passage|faubourg|fg|rond-point|villa|cit[ée]|"
    r"r[ée]sidence|r[ée]s\.|lotissement|hameau|lieu-dit|sentier|mont[ée]e|esplanade|parvis|promenade|"
    r"chauss[ée]e|ruelle|venelle|traverse|voie|dr[èe]ve|clos|"
    r"street|st\.?|road|rd\.?|lane|ln\.?|drive|dr\.?|way|court|ct\.?|terrace|close|crescent"
)
# A word of a street's name; not one that starts the rest of the sentence.
_NOT_STREET = (
    r"(?!(?:et|je|j'|pour|merci|svp|stp|mais|ou|qui|que|est|c'est|c|and|for|please|thanks|is|i|to|ou|"
    r"b[âa]t|b[âa]timent|apt|appt|appartement|escalier|esc|porte|[ée]tage)\b)"
)
_STREET_NAME_WORD = rf"{_NOT_STREET}(?:{_ANY_WORD}|\d{{1,4}}(?:e|er|ème)?(?!\d))"  # not a postcode
# Lines that come before the street in a French address: "Résidence les Pins, bât. C, ".
_ADDRESS_COMPLEMENT = (
    r"(?:(?:r[ée]sidence|b[âa]t(?:iment)?\.?|immeuble|appartement|appt?\.?|apt\.?|escalier|esc\.?|"
    r"[ée]tage|porte|entr[ée]e|lieu-dit|chez)\s+[^,\n]{1,30}[,\n]\s*|\d{1,2}(?:e|er|[èe]me)\s+[ée]tage,\s*){0,4}"
)
_POSTCODE_TOWN = (
    rf"(?:\d{{4,5}}|\d{{2}}\s\d{{3}}|[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}})\s+{_CAP_WORD}"
    rf"(?:[ \-]+(?:(?:sur|sous|en|l[ea]s?|de|du|d'|aux?|saint|sainte)[ \-]+)?(?!cedex\b){_CAP_WORD}){{0,3}}"
    rf"(?:\s+cedex(?:\s+\d{{1,2}})?)?"
)
# After the street: "résidence les Pins bât B apt 23", "apt 3", "bte 5", then the town.
_AFTER_STREET = (
    r"(?:\s*,?\s*(?:r[ée]sidence|quartier|b[âa]t(?:iment)?\.?|appartement|appt?\.?|apt\.?|escalier|esc\.?|"
    r"[ée]tage|porte|bte|bo[îi]te|suite|unit|flat)\s+[\w\-]{1,20}+(?:\s+(?!(?:b[âa]t|apt|appt|porte|escalier|esc|[ée]tage|bte)\b)[a-zà-ÿ\-]{2,12}+){0,2})*+"
)  # possessive: "résidence 78 résidence 78 …" must not be tried every way (it hung)
# A Canadian town, province and postcode: "Montréal QC H2X 3J8".
_CA_TOWN = (
    rf"{_CAP_WORD}(?:[ \-]{_CAP_WORD}){{0,2}}\s+(?:QC|ON|BC|AB|MB|NS|NB|NL|PE|SK|\({_CAP_WORD}\))\s+"
    r"[A-Z]\d[A-Z]\s?\d[A-Z]\d"
)
_ADDRESS = re.compile(
    rf"(?<![\w]){_ADDRESS_COMPLEMENT}\d{{1,4}}(?:\s?(?:bis|ter|quater|[A-Da-d]))?\s*,?\s+"
    rf"(?:{_STREET_TYPE})\s+(?:{_STREET_NAME_WORD}[\s\-]+){{0,5}}{_STREET_NAME_WORD}"
    rf"{_AFTER_STREET}(?:,\s*{_ANY_WORD}(?:[ \-]{_ANY_WORD}){{0,2}}(?=\s*,?\s*\d{{5}}\s))?"  # a lieu-dit
    rf"(?:\s*[,\-]?\s*(?:(?:bp|cs|tsa)\s*\d+\s*,?\s*)?(?:{_POSTCODE_TOWN}|{_CA_TOWN}))?",
    re.IGNORECASE,
)
_EN_STREET = r"street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.?|way|court|ct\.?|place|boulevard|blvd\.?|terrace|close|crescent|square|gardens|row|hill|park|grove|mews|walk|parade|rise|vale|green"
_TITLE_WORD = rf"[{_UP}][{_LOW}]+"
_ADDRESS_EN = re.compile(
    rf"(?<![\w])(?:(?i:flat|apartment|apt\.?|unit|suite)\s+\w{{1,5}},?\s+)?"
    rf"\d{{1,5}}[A-Za-z]?,?\s+(?:{_CAP_WORD}[ \t]+){{1,3}}(?i:{_EN_STREET})\b"
    rf"(?:[ \t]+(?:NW|NE|SW|SE))?"
    rf"(?:,?[ \t]+(?i:apt|apartment|suite|unit|flat|\#)\.?[ \t]*\w{{1,5}})?"
    rf"(?:,?[ \t]+{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD}){{0,2}})?"
    rf"(?:,?[ \t]+(?:Co\.?|County)[ \t]+{_TITLE_WORD})?"  # an Irish county
    rf"(?:,?[ \t]+(?:[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}}|(?:[A-Z]{{2}}\s+)?\d{{5}}(?:-\d{{4}})?"
    rf"|[AC-FHKNPRTV-Y]\d[\dW]\s?[AC-FHKNPRTV-Y\d]{{4}}))?"  # a UK postcode, a US ZIP, an Eircode
)
# Elsewhere in Europe: "Hauptstraße 15, 10827 Berlin", "Calle Mayor 5, 28013 Madrid".
_EU_POSTCODE_TOWN = rf"(?:\d{{4,5}}|\d{{3}}\s\d{{2}}|\d{{4}}\s?[A-Z]{{2}}|[A-Z]-\d{{4,5}}|\d{{2}}-\d{{3}}|\d{{4}}-\d{{3}}|\d{{6}})\s+{_TITLE_WORD}(?:[ \-](?:(?:de|du|la|le|les|sur|sous|en|lès|im|am|an|der|bei|aan|den)[ \-])?{_TITLE_WORD}){{0,2}}"
_ADDRESS_EU = re.compile(
    rf"(?<![\w])(?:[{_UP}][\w\-]{{0,40}}?\s?(?i:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|"
    rf"laan|straat|gracht|plein|gade|vej|gatan|v[äa]gen)"
    rf"|(?:Via|Viale|Piazza|Corso|(?i:calle|c/|rua|avenida|avda\.?|plaza|paseo|carrer|travessa|"
    rf"ul\.|ulica|al\.|aleja|str\.|strada|bd\.|bulevardul|calea|aleea|splaiul))"
    rf"\s+(?:{_NOT_STREET}{_ANY_WORD}\s+){{0,4}}{_NOT_STREET}{_ANY_WORD},?)"
    rf"\s+(?i:nr\.?\s*)?\d{{1,4}}[a-z]?(?:[/\-]\d{{1,4}})?\b"
    rf"(?:(?:,\s*[^,\n]{{1,12}}?){{0,4}},?\s*{_EU_POSTCODE_TOWN})?"
)  # "Lindenstraße 47, 2. OG, 10969 Berlin", "Calle de Embajadores 112, 4º izq., 28045 Madrid"
# The number after the street's name (Belgium, Switzerland): "Rue de la Loi 42 bte 5, 1040
# Etterbeek"; a "lieu-dit" without a number: "Lieu-dit La Borde, 24560 Issigeac".
_ADDRESS_NUMBER_AFTER = re.compile(
    rf"(?<![\w])(?i:{_STREET_TYPE})\s+(?:{_STREET_NAME_WORD}\s+){{0,4}}?{_STREET_NAME_WORD},?"
    rf"\s+\d{{1,4}}[a-z]?(?:{_AFTER_STREET}),?\s*{_EU_POSTCODE_TOWN}"
    rf"|(?:(?<=\b[àa]\s)(?:{_CAP_NAME}),\s*)?(?<![\w])(?i:lieu-dit|lieudit|hameau|r[ée]sidence|lotissement|domaine|cit[ée])\s+{_CAP_NAME}"
    rf"(?:\s+(?i:b[âa]t(?:iment)?\.?|appt?\.?|apt\.?|escalier|porte)\s*\w{{1,5}}){{0,2}}"
    rf"(?:,\s*[^,\n\d]{{1,25}})?,?\s*{_POSTCODE_TOWN}"
)
# Without a number: "rue de la Paix à Lyon" is too vague to be someone's address, but
# "j'habite 75011 Paris", "adresse : 75011 Paris" is.
_ADDRESS_CONTEXT = re.compile(
    rf"\b(?:j'habite|habite|domicili[ée]e?|r[ée]sid(?:e|ant)|adresse|address|i\s+live|"
    rf"living)\s*(?:au|à|a|en|in|at|:)?\s*(?P<addr>{_POSTCODE_TOWN})",
    re.IGNORECASE,
)
_BOX = re.compile(r"\b(?:BP|CS|TSA)\s?\d{3,6}\b")
_FIRST_LAST = re.compile(
    rf"(?:(?<=\bd')|(?<![\w']))(?P<first>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)"
    rf"\s+(?P<last>(?:(?:de|du|le|la|van|von|di|da|del|dos|ben|el)\s+)?{_CAP_WORD}(?:\s+{_CAP_WORD})?)"
)  # "Jean Dupont", "d'Hugues de Villiers-Sartel"


# "DUBOIS Sandrine": a surname in capitals, then a known first name.
_LAST_FIRST = re.compile(
    rf"(?<![\w'])(?P<last>[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)\s+(?P<first>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)"
    rf"(?:\s+(?P<more>[{_UP}][{_LOW}]+))?\b"
)  # "DUBOIS Sandrine", "NGUYEN Thi Lan"
# "Moreau Stéphane, 04/11/1975": a capitalised surname, then a known first name, then a
# comma or the end of the line.
_SURNAME_FIRST = re.compile(
    rf"(?<![\w'])(?P<last>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)\s+(?P<first>[{_UP}][{_LOW}]+)(?=\s*(?:,|$|\n))"
)
# "un certain Bastien", "someone called Marc": a first name introduced as someone's.
_CALLED = re.compile(
    rf"\b(?i:un\s+certain|une\s+certaine|a\s+certain|someone\s+called|somebody\s+called|"
    rf"un\s+d[ée]nomm[ée]|une\s+d[ée]nomm[ée]e|a\s+guy\s+called|a\s+woman\s+called)\s+"
    rf"(?P<name>{_CAP_WORD}(?:\s+{_CAP_WORD})?)"
)
# A known first name alone, after a word that says it is a person: "my colleague Julien",
# "ma collègue Sophie", "moi (Camille)".
_RELATED = re.compile(
    rf"\b(?i:colleague|coll[èe]gue|coworker|manager|boss|cheffe?|binôme|binome|associ[ée]e?|"
    rf"friend|ami|amie|husband|wife|mari|femme|son|daughter|fils|fille|stagiaire|intern|"
    rf"teammate|team-mate|co[ée]quipi[èe]re?|collaborat(?:eur|rice)|assistante?|alternante?|"
    rf"employee|employ[ée]e?|salari[ée]e?|supervisor)"
    rf"\s*,?\s+(?P<name>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)\b"
    rf"|\b(?i:moi(?:-m[êe]me)?|myself)\s*\(\s*(?P<self>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
    rf"(?:\s+(?:{_PARTICLE}\s+)?{_CAP_WORD}){{0,2}})\s*[),]"
)


# A name beside the role it holds: "Sandrine, notre DPO, pense...", "Our project lead,
# Bogdan Ilie, will present".
_ROLE = (
    r"(?:dpo|lead|manager|director|directeur|directrice|responsable|cheffe?|head|"
    r"coordinat(?:or|eur|rice)|r[ée]f[ée]rente?|pr[ée]sidente?|president|maire|mayor|"
    r"adjointe?|deputy|officer|chair|secr[ée]taire|secretary|colleague|coll[èe]gue|dsi|cto|ceo|dgs|dga|"
    r"rssi|ciso|cio|cfo|coo)"
)
_APPOSITION = re.compile(
    rf"(?:^|[.!?;]\s+|\n)(?P<first>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?),\s+(?i:notre|nos|our|my|mon|ma|the|la|le)"
    rf"\s+(?:[\w\-]+\s+){{0,2}}(?i:{_ROLE})\b"
    rf"|(?i:{_ROLE})(?:\s+[\w\-']+){{0,3}},\s+(?P<name>{_CAP_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_CAP_WORD}){{1,2}}),"
    rf"|(?<![\w'])(?P<paren>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)\s*\(\s*(?i:notre|nos|our|my|mon|ma|la|le|the)\s+(?:[\w\-]+\s+){{0,2}}?(?i:{_ROLE})\b"
    rf"|(?i:{_ROLE}|scientist|engineer|developer|d[ée]veloppeu(?:r|se)|founder|fondat(?:eur|rice)|"
    rf"ing[ée]nieur[e]?|consultante?|chercheu(?:r|se))\s*\(\s*(?P<role_of>{_CAP_WORD}\s+{_CAP_WORD}(?:\s+{_CAP_WORD})?)\s*\)"
    rf"|(?<![\w'])(?P<full>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?\s+[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?),\s+"
    rf"(?i:notre|nos|our|my|mon|ma|their|leur)\s+(?:[\w\-]+\s+){{0,2}}?(?i:{_ROLE})\b"
)


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop leading/trailing words that are not names; None if nothing is left."""
    words = list(re.finditer(r"[^\s]+", text[start:end]))
    kept = [w for w in words]
    while kept and _is_not_name(kept[0].group()):
        kept.pop(0)
    # stop at the first word that is not a name
    for i, w in enumerate(kept):
        if _is_not_name(w.group()) and not re.fullmatch(_PARTICLE, w.group(), re.I):
            kept = kept[:i]
            break
    while kept and re.fullmatch(_PARTICLE, kept[-1].group(), re.I):
        kept.pop()
    if not kept:
        return None
    return start + kept[0].start(), start + kept[-1].end()


def _is_not_name(word: str) -> bool:
    if re.fullmatch(rf"[{_UP}]\.", word):
        return False  # an initial: "A. Benhamou"
    if re.match(rf"(?i:[ld]')[{_LOW}]", word):
        return True  # "l'équipe", "d'accord": an article, then a word
    w = word.strip(".,;:!?'\"()").lower()
    return not w or w in _NOT_NAMES or fold(w) in STOPWORDS or w.isdigit()


def _matches(
    pattern: re.Pattern[str], text: str
) -> Iterator[tuple[re.Match[str], tuple[int, int] | None]]:
    """Matches of ``pattern`` with their trimmed name; the search goes on right after the
    name kept, so "Nom : Martin Prénom : Alice" finds both."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        trimmed = _trim_name(text, m.start("name"), m.end("name"))
        pos = trimmed[1] if trimmed else m.start("name")
        pos = max(pos, m.start() + 1)
        yield m, trimmed


# First names left out of FIRST_NAMES because they also name a product of the State
# ("Albert", its AI): a person only with a surname after them ("Albert Meunier").
_ALSO_PRODUCTS = frozenset({"Albert"})


# People everyone knows, whose names French schools, streets and tools take: not personal.
_FAMOUS = frozenset(
    """jules verne|victor hugo|jean moulin|louis pasteur|marie curie|pierre curie|jean jaurès|
    jean jaures|charles de gaulle|émile zola|emile zola|jean monnet|simone veil|jacques prévert|
    jacques prevert|jean de la fontaine|albert camus|georges pompidou|françois mitterrand|
    francois mitterrand|jacques chirac|louise michel|léon blum|leon blum|paul éluard|
    paul eluard|antoine de saint-exupéry|alan turing|ada lovelace|marie de gournay|
    olympe de gouges|jean zay|pierre mendès france|pierre mendes france|rosa parks|
    nelson mandela|martin luther king|albert einstein|isaac newton|blaise pascal|rené descartes|
    rene descartes|voltaire|molière|moliere|emmanuel macron|marie-laure denis|yann lecun|
    cédric villani|cedric villani|florence nightingale|thierry breton|jean-noël barrot|
    jean-noel barrot|claire hédon|claire hedon|clara chappaz|ursula von der leyen|
    margrethe vestager""".split("|")
)
_FAMOUS = frozenset(" ".join(name.split()) for name in _FAMOUS)


def _known_first(name: str) -> bool:
    """True when ``name`` (or its first part: "Jean-Pierre") is a common first name."""
    return name.split("-")[0].lower() in FIRST_NAMES


def _after_a_place(text: str, start: int) -> bool:
    """True when what starts at ``start`` names a place ("rue Louis Braille", "le lycée
    Victor Hugo", « Marianne Assist »), not a person."""
    return _NAMED_PLACE.search(text, max(0, start - 40), start) is not None


_GREETING_FIRST = re.compile(
    rf"\W*(?i:{_HELLO}|cc|slt|bjr|yo)\W+(?i:c'est|c|moi\s+c'?est|it'?s)\s*$"
)


_GREETED_INTRO = re.compile(
    rf"[^\w\n]{{0,5}}(?i:{_HELLO})[^\w\n]{{1,5}}(?i:i'?m|i\s+am|je\s+suis|this\s+is)\s+"
)


def _weak_name(found: str, text: str, end: int, intro: str) -> bool:
    """After "je suis", "c'est", "I'm"...: a known first name (in lower case, with a surname
    after "c'est": "c'est claire" is a spelling of "clair"), or two or more capitalised
    words followed by the end, punctuation, or where the person is from."""
    words = found.split()
    if _known_first(words[0]):
        about_self = re.match(r"(?i)je|i|moi", intro) is not None
        comma = text[end : end + 1] == ","  # "c fabien, mon 06 …" (not "c'est claire")
        where = re.match(r"\s+(?:de\s+la|du|de\s+l'|from)\s", text[end : end + 10])
        greeted = _GREETING_FIRST.match(text[: end - len(found)]) is not None  # "cc c ahmed"
        return found[0].isupper() or about_self or len(words) > 1 or comma or bool(where) or greeted
    if (
        len(words) == 1
        and found[0].isupper()
        and _GREETED_INTRO.fullmatch(text[: end - len(found)])
    ):
        return text[end : end + 1] in (",", ".", "!")  # "Hi, I'm Emeka, …"
    if len(words) < 2 or not found[0].isupper() or re.fullmatch(r"[A-Z]{2,5}", words[0]):
        return False
    return all(w[0].isupper() or re.fullmatch(_PARTICLE, w, re.I) for w in words) and bool(
        _AFTER_WEAK_NAME.match(text, end)
    )


# A title typed in lower case, then a name: "c'est mme nguyen de la médiathèque".
_LOWER_TITLE = re.compile(
    rf"\b(?:mme|mlle|madame|monsieur|mr|mrs|ms)\.?\s+(?P<name>[{_LOW}]{{2,}}(?:-[{_LOW}]{{2,}})?"
    rf"(?:\s+[{_LOW}]{{2,}}(?:-[{_LOW}]{{2,}})?){{0,2}})\b"
)


# "mon fils nathan lopes": a known first name in lower case after a relation.
_RELATED_LOWER = re.compile(
    rf"\b(?i:mon\s+fils|ma\s+fille|mon\s+enfant|ma\s+femme|mon\s+mari|my\s+son|my\s+daughter|"
    rf"my\s+wife|my\s+husband|mon\s+coll[èe]gue|ma\s+coll[èe]gue|my\s+colleague|"
    rf"demande[zr]?\s+[àa]|voyez\s+avec|voir\s+avec|contacte[zr]?|appele[zr]?|ask|call|"
    rf"work(?:s|ing)?\s+with|travaille\s+avec|bosse\s+avec|my\s+teammate|mon\s+bin[ôo]me)"
    rf"\s+(?P<first>[{_LOW}]{{2,}})(?:\s+(?P<last>(?:(?:de|du|la|le|van|von|der|di|da|del|dos)\s+){{0,2}}[{_LOW}]{{2,}}))?\b"
)
# "MAXIME TRÉGUER", on a business card.
_CAPS_NAME = re.compile(
    rf"(?<![\w'])(?P<first>[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)\s+(?P<last>[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?)(?![\w'])"
)
# Places named after people: "rue Louis Braille", "le lycée Victor Hugo", « Marianne Assist ».
_NAMED_PLACE = re.compile(
    rf"(?:(?i:\b(?:{_STREET_TYPE}|[ée]coles?|coll[èe]ges?|lyc[ée]es?|universit[ée]|h[ôo]pital|centre|"
    rf"salle|stade|gymnase|m[ée]diath[èe]que|biblioth[èe]que|mus[ée]e|institut|fondation|"
    rf"prix|bourse|fellowship|square|m[ée]tropole|ville|commune|r[ée]gion|agglo|ehpad|cr[èe]che|"
    rf"clinique|piscine|maison\s+de\s+sant[ée](?:\s+pluriprofessionnelle)?|groupe\s+scolaire|"
    rf"centre\s+hospitalier))\s+"
    rf"(?:de\s+|du\s+|des\s+|d')?|[«\"“]\s*)$"
)


# "Thibault m'a dit que…": a known first name opening a sentence, then what they said.
_SAID = re.compile(
    rf"(?:^|[.!?\n][ \t]*)(?P<name>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)\s+"
    rf"(?i:m'a|m'ont|nous\s+a|a\s+dit|said|told|suggested|recommended|asked)\b"
)
# "Inès, tu peux demander…": a known first name opening a line, then a comma.
_VOCATIVE = re.compile(
    rf"(?:^|\n)[ \t]*(?P<name>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)\s*,\s+"
    rf"(?!(?:le|la|les|l'|un|une|des|notre|votre|the|a|an|our|your)\b)(?=[{_LOW}])"
)


# "Salut Bastien !", "Hi Priya,": a known first name after a greeting.
_GREETED = re.compile(
    rf"(?:^|\n)[^\w\n]{{0,5}}(?i:{_HELLO}|dear|cher|ch[èe]re|thanks|thank\s+you|merci)[ \t]+"
    rf"(?P<name>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)\s*[,!.]"
)
# "merci a kévin de l'accueil", "thanks to Priya for…": a known first name thanked.
_THANKED = re.compile(
    rf"(?i:\bmerci\s+(?:[àa]\s+)?|\bthanks\s+(?:to\s+)?|\bthank\s+you\s+)"
    rf"(?P<name>[{_UP}{_LOW}]+(?:-[{_UP}{_LOW}]+)?)"
    rf"(?=\s+(?i:de|du|d'|from|of|pour|for|qui|who)\b|\s*[,!.])"
)
# "Name: Rossi, Giulia": a surname, then the first name, after the label.
_LABELLED_LAST_FIRST = re.compile(
    rf"(?i:\b(?:name|nom|full\s+name|nom\s+complet)\s*:\s*)"
    rf"(?P<name>(?-i:{_CAP_WORD}),[ \t]*(?-i:{_CAP_WORD}))"
)
# "Cc: Magnus Øvrebø, CTO": a name in an e-mail's header.
_HEADER = re.compile(
    rf"(?im:^[ \t]*(?:cc|cci|bcc|to|from|de|à|exp[ée]diteur|destinataire)[ \t]*:[ \t]*)"
    rf"(?P<name>{_CAP_NAME})"
)


# "J'ai eu Rose au téléphone", "I spoke with Dana Levi": someone one talked to.
_SPOKE_WITH = re.compile(
    rf"(?i:\bj'ai\s+eu|\bparl[ée]\s+(?:avec|[àa])|\b[ée]chang[ée]\s+avec|\bspoke\s+(?:to|with)|"
    rf"\btalked\s+(?:to|with)|\bchatted\s+with|\bi\s+met|\bj'ai\s+rencontr[ée]|\bj'ai\s+appel[ée]|"
    rf"\b(?:call|meeting|rdv|rendez-vous|appel|[ée]change)\s+(?:with|avec)|\b(?:please\s+|pls\s+)?call|"
    rf"\bappele[zr]|\bcontacte[zr]|\b(?:mettre|mettez|mets)\s+en\s+copie|\bloop\s+in)"
    rf"\s+(?P<name>{_CAP_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_CAP_WORD}){{0,2}})"
)
_ON_THE_PHONE = re.compile(r"\s+(?i:au\s+t[ée]l|par\s+t[ée]l|on\s+the\s+phone|over\s+the\s+phone)")
# Names side by side: "(Lucie, Mehdi et Paul-Henri)", "Antoine et Julie ROUSSEL", "me,
# Oluwaseun Adeyemi and Tomasz Wiśniewski".
_PERSON = rf"{_CAP_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP_WORD}){{0,2}}"
_NAME_LIST = re.compile(
    rf"(?<![\w'\-])(?P<all>{_PERSON}(?:\s*,\s*{_PERSON}){{0,6}}\s*,?\s+(?:et|and|&)\s+{_PERSON})"
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:(?:et|and|&)\s+)?|\s+(?:et|and|&)\s+")


def _names(text: str) -> Iterator[Span]:
    found = [
        span
        for span in (*_names_found(text), *_named_by_email(text))
        if re.sub(r"'s$", "", " ".join(text[span.start : span.end].lower().split())) not in _FAMOUS
    ]
    found += list(_name_lists(text, found))
    yield from found
    yield from _same_names(text, found)


def _named_by_email(text: str) -> Iterator[Span]:
    """ "my teammate anouk (anouk.vdberg@…)": a word just before an e-mail address whose
    local part it starts is the person's name, whatever its case."""
    for m in _EMAIL.finditer(text) if "@" in text else ():
        local = m.group().split("@")[0].lower()
        parts = [p for p in re.split(r"[._\-+\d]+", local) if len(p) >= 3]
        if any(p in _ROLE_MAILBOX for p in parts):
            continue  # "le contact générique, contact@…": a shared mailbox
        before = text[max(0, m.start() - 60) : m.start()]
        for w in re.finditer(rf"[{_UP}{_LOW}]{{3,}}", before):
            if w.group().lower() in parts and not _is_not_name(w.group()):
                start = max(0, m.start() - 60) + w.start()
                yield Span(start, start + len(w.group()), "name")


def _same_names(text: str, found: list[Span]) -> Iterator[Span]:
    """A name found once is a name wherever else it appears: "J'ai eu Rose au téléphone
    (Rose Delacroix je crois)", with the surname after it."""
    words = {
        w
        for span in found
        for w in re.findall(
            rf"[{_UP}][{_LOW}]{{2,}}(?:-[{_UP}][{_LOW}]+)?", text[span.start : span.end]
        )
        if not _is_not_name(w)
    }
    for word in words:
        for m in re.finditer(rf"(?<![\w\-']){re.escape(word)}(?![\w\-])", text):
            if any(s.start <= m.start() < s.end for s in found) or _after_a_place(text, m.start()):
                continue
            end = m.end()
            surname = re.match(rf"\s+(?P<last>{_CAP_WORD})", text[end:])
            if surname and not _is_not_name(surname.group("last")):
                end += surname.end()
            yield Span(m.start(), end, "name")


def _name_lists(text: str, found: list[Span]) -> Iterator[Span]:
    """Names given side by side: each known first name, or full name beside a name already
    found, makes the whole list one span."""
    for m in _NAME_LIST.finditer(text):
        if _after_a_place(text, m.start()):
            continue
        items: list[tuple[int, int]] = []
        pos = m.start()
        for sep in _LIST_SEPARATOR.finditer(text, m.start(), m.end()):
            items.append((pos, sep.start()))
            pos = sep.end()
        items.append((pos, m.end()))
        trimmed = [_trim_name(text, a, b) for a, b in items]
        if any(t is None or t[0] != a for t, (a, _) in zip(trimmed, items, strict=True)):
            continue  # "Merci Lucie, …": a word that is no name
        evidence = 0
        for a, b in items:
            words = text[a:b].split()
            known = _known_first(words[0]) and not re.fullmatch(r"[A-Z]{2,}", words[0])
            already = any(s.start < b and a < s.end for s in found)
            if known or already:
                evidence += 1
            elif len(words) < 2 or any(re.fullmatch(r"[A-Z]{2,5}", w) for w in words):
                evidence = -99  # "la RATP et Jean Dupont": an organisation in the list
        if evidence >= 2 or (
            evidence == 1 and any(s.start < m.end() and m.start() < s.end for s in found)
        ):
            yield Span(items[0][0], trimmed[-1][1] if trimmed[-1] else m.end(), "name")


# "vous connaissez marie-claude ?": a compound first name needs no capital.
_COMPOUND_FIRST = re.compile(rf"(?<![\w\-])[{_LOW}]{{2,}}-[{_LOW}]{{2,}}(?![\w\-])")
# "« F. Da Silva »", "J. Martin-Leroy": an initial, then a surname (not "M." or "S.A.").
_INITIAL_SURNAME = re.compile(
    rf"(?<![\w.])(?![MS]\.)[{_UP}]\.[ \t]?(?:(?i:de|da|du|le|la|van|von|di|del|dos|d')[ \t]*)?"
    rf"[{_UP}][{_LOW}]{{2,}}(?:-[{_UP}][{_LOW}]+)?(?![\w.])"
)
# "c'est moi qui ai appelé hier, Thibault, pour …": a first name between commas.
_BETWEEN_COMMAS = re.compile(rf",[ \t]+(?P<name>[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?)[ \t]*,")
# First names that are also towns: not a name on their own between commas.
_TOWN_NAMES = frozenset(
    {"Florence", "Nancy", "Lourdes", "Valence", "Vienne", "Victoria", "Adelaide"}
)


def _names_found(text: str) -> Iterator[Span]:
    for m in _COMPOUND_FIRST.finditer(text):
        if m.group() in FIRST_NAMES or all(h in FIRST_NAMES for h in m.group().split("-")):
            after = re.match(rf"\s+([{_LOW}]{{3,}})(?![\w\-])", text[m.end() :])
            with_surname = after is not None and not _is_not_name(after.group(1))
            yield Span(m.start(), m.end() + (after.end() if after and with_surname else 0), "name")
    for m in _INITIAL_SURNAME.finditer(text):
        if not _is_not_name(text[m.start() : m.end()].split()[-1]):
            yield Span(m.start(), m.end(), "name")
    for m in _BETWEEN_COMMAS.finditer(text):
        name = m.group("name")
        if _known_first(name) and name not in _TOWN_NAMES and not _is_not_name(name):
            yield Span(m.start("name"), m.end("name"), "name")
    for m in _SPOKE_WITH.finditer(text):
        trimmed = _trim_name(text, m.start("name"), m.end("name"))
        if not trimmed or _after_a_place(text, m.start("name")):
            continue
        found = text[trimmed[0] : trimmed[1]]
        words = found.split()
        if re.fullmatch(r"[A-Z]{2,}", words[0]):
            continue  # "j'ai eu la DSI", "spoke with ANSSI"
        if _known_first(words[0]) or len(words) > 1 or _ON_THE_PHONE.match(text, trimmed[1]):
            yield Span(trimmed[0], trimmed[1], "name")
    for m in _LABELLED_LAST_FIRST.finditer(text):
        if m.group("name").split(",")[1].strip() not in _TOWN_NAMES:  # "Nom : Martin, Paris"
            yield Span(m.start("name"), m.end("name"), "name")
    for pattern in (_SAID, _VOCATIVE, _GREETED, _THANKED):
        for m in pattern.finditer(text):
            if _known_first(m.group("name")):
                yield Span(m.start("name"), m.end("name"), "name")
    for m in _RELATED_LOWER.finditer(text):
        if m.group("first") in FIRST_NAMES:
            last = m.group("last")
            end = m.end("last") if last and not _is_not_name(last) else m.end("first")
            yield Span(m.start("first"), end, "name")
    for m in _CAPS_NAME.finditer(text):
        if m.group("first").lower() in FIRST_NAMES and not _is_not_name(m.group("last")):
            yield Span(m.start(), m.end(), "name")
    for m in _LOWER_TITLE.finditer(text):
        head, *rest = list(re.finditer(r"\S+", m.group("name")))
        if _is_not_name(head.group()):
            continue
        end = head.end()
        for w in rest:  # "mme nguyen thi hoa s'occupe", not "mme dupuis du ccas"
            if _is_not_name(w.group()) or re.fullmatch(_PARTICLE, w.group(), re.I):
                break
            end = w.end()
        yield Span(m.start("name"), m.start("name") + end, "name")
    patterns = (
        _STRONG_INTRO,
        _WEAK_INTRO,
        _TITLE,
        _SIGNATURE,
        _DASH_SIGNATURE,
        _LAST_LINE,
        _HERE,
        _HEADER,
    )
    for pattern in patterns:
        for m, trimmed in _matches(pattern, text):
            if not trimmed:
                continue
            found = text[trimmed[0] : trimmed[1]]
            if len(found.rstrip(".")) < 2:
                continue  # "de la part de M. Lefèvre": the title, not a name
            if trimmed[0] > m.start("name") and found[:1].islower():
                continue  # "on behalf of our startup yesterday": what is left is no name
            if pattern is _TITLE and _after_a_place(text, m.start()):
                continue  # "avenue du Docteur Gley": a street
            if pattern is _WEAK_INTRO and not _weak_name(found, text, trimmed[1], m.group()):
                continue
            if pattern is _HEADER and " " not in found and not _known_first(found):
                continue  # "À : Bac à sable": one word, and no first name
            if pattern is _SIGNATURE and not _AFTER_SIGNATURE.match(text, trimmed[1]):
                # "Merci, Bonne journée": a signature's name ends its line
                first = text[trimmed[0] : trimmed[1]].split()[0].lower()
                if first not in FIRST_NAMES or " " not in text[trimmed[0] : trimmed[1]]:
                    continue
            yield Span(trimmed[0], trimmed[1], "name")
    for m in _APPOSITION.finditer(text):
        if m.group("role_of"):  # "Our lead data scientist (Mateusz Wiśniewski)"
            if not any(_is_not_name(w) for w in m.group("role_of").split()):
                yield Span(m.start("role_of"), m.end("role_of"), "name")
        elif m.group("paren"):  # "Aurélie (notre DPO)"
            if _known_first(m.group("paren")):
                yield Span(m.start("paren"), m.end("paren"), "name")
        elif m.group("full"):
            if not any(_is_not_name(w) for w in m.group("full").split()):
                yield Span(m.start("full"), m.end("full"), "name")
        elif m.group("first"):
            if _known_first(m.group("first")):
                yield Span(m.start("first"), m.end("first"), "name")
        elif not _is_not_name(m.group("name").split()[0]):
            yield Span(m.start("name"), m.end("name"), "name")
    for m in _LAST_FIRST.finditer(text):
        first, last, more = m.group("first"), m.group("last"), m.group("more")
        if _known_first(first) and not _is_not_name(last):
            end = m.end() if more and not _is_not_name(more) else m.end("first")
            yield Span(m.start(), end, "name")
    for m in _SURNAME_FIRST.finditer(text):
        first, last = m.group("first"), m.group("last")
        if (
            _known_first(first)
            and not _known_first(last)
            and not _is_not_name(last)
            and not _after_a_place(text, m.start())
        ):
            yield Span(m.start(), m.end(), "name")
    for m in _CALLED.finditer(text):
        if not _is_not_name(m.group("name").split()[0]):
            yield Span(m.start("name"), m.end("name"), "name")
    for m in _RELATED.finditer(text):
        group = "name" if m.group("name") else "self"
        # "My colleague Tobias Wenzel thinks": the surname after the first name too, and
        # then any first name
        after = re.match(rf"[ \t]+({_CAP_WORD})", text[m.end(group) :])  # the surname
        with_after = (
            group == "name"
            and after is not None
            and not _is_not_name(after.group(1))
            and not _is_not_name(m.group(group))
        )
        if (
            _known_first(m.group(group).split()[0])
            or (group == "self" and " " in m.group(group))
            or with_after
        ):
            end = m.end(group) + (after.end() if with_after and after else 0)
            yield Span(m.start(group), end, "name")
    for m in _FIRST_LAST.finditer(text):
        if _after_a_place(text, m.start()):
            continue  # "rue Louis Braille", "le lycée Victor Hugo": a place
        first, last = m.group("first"), m.group("last")
        if not _known_first(first) and not (first in _ALSO_PRODUCTS and last.istitle()):
            continue
        surname = next((w for w in last.split() if not re.fullmatch(_PARTICLE, w, re.I)), last)
        if (_is_not_name(first) and first not in _ALSO_PRODUCTS) or _is_not_name(surname):
            continue
        trimmed = _trim_name(text, m.start(), m.end())
        if first in _ALSO_PRODUCTS:  # the first name itself reads as a word
            last_kept = _trim_name(text, m.start("last"), m.end())
            trimmed = (m.start(), last_kept[1]) if last_kept else None
        if trimmed and trimmed[1] > m.end("first"):
            yield Span(trimmed[0], trimmed[1], "name")


# An organisation's address is not personal data: "le CHU de Rennes, 2 rue Henri Le
# Guilloux", "la mairie du 11e (12 place Léon-Blum)"; unless it is said to be one's home.
_ORGANISATION = re.compile(
    r"(?i:\b(?:mairie|h[ôo]tel\s+de\s+ville|town\s+hall|city\s+hall|ccas|chu|h[ôo]pital|"
    r"hospital|pr[ée]fecture|minist[èe]re|ministry|universit[ée]|university|conseil|"
    r"d[ée]partement|(?<!en\s)r[ée]gion|m[ée]tropole|agglo|communaut[ée]|station\s+f|incubat\w+|"
    r"campus|anssi|rectorat|acad[ée]mie|tribunal|caf|cpam|urssaf|archives|biblioth[èe]que|"
    r"m[ée]diath[èe]que|mus[ée]e|lyc[ée]e|coll[èe]ge|ehpad|gendarmerie|commissariat|"
    r"(?:leur|son|their)\s+si[èe]ge|si[èe]ge\s+(?:social\s+)?(?:de|du|des)|head\s+office|"
    r"headquarters|\bHQ|nos\s+(?:bureaux|locaux)|our\s+offices?|coworking|wework)\b)"
)
_HOME = re.compile(
    r"(?i:j'habite|habite|domicil|chez\s+moi|perso|my\s+home|home\s+office|i\s+live|my\s+flat|"
    r"my\s+(?:own\s+)?address|mon\s+adresse|ma\s+maison|moving|d[ée]m[ée]nag|la\s+mienne|"
    r"le\s+mien|\bmine\b|entreprise\s+individuelle|auto-?entrepreneur|micro-?entreprise|"
    r"sole\s+trader|freelance|\bEI\b|\bEIRL\b|\bEURL\b|\bSASU\b|t[ée]l[ée]travail\w*|"
    r"work(?:ing)?\s+from\s+home)"
)


_ACRONYM_BEFORE = re.compile(
    r"\b(?!(?:NDA|PDF|CV|RIB|IBAN|PS|NB|FYI|ASAP|RGPD|GDPR|IA|AI|OK|RDV|URGENT|SVP|PJ)\b)"
    r"[A-Z]{2,8}\)?\s*[(:,]\s*(?:\d{1,4}\s*,?\s*)?$"
)  # "l'IGN (73 avenue de Paris, …)", "la DINUM (…), 20 avenue de Ségur"; not "for the NDA:"


def _organisation_address(text: str, start: int) -> bool:
    if _HOME.search(text, max(0, start - 120), start):
        return False
    before = text[max(0, start - 50) : start]
    return bool(_ACRONYM_BEFORE.search(before) or _ORGANISATION.search(before))


_COUNTRY = re.compile(rf",?\s*(?:{_COUNTRY_NAMES})\b")


# What may end an address after the street: a postcode without its town, a floor.
_ADDRESS_TAIL = re.compile(
    rf"(?:\s+(?:à|a|in)\s+{_TITLE_WORD}(?:-{_TITLE_WORD})*)?(?:\s*\(\d{{5}}\))?"
    r"(?:\s*,?\s*\d{5}(?![\w]))?(?:\s*,?\s*\d{1,2}(?:e|er|[èe]me)\s+[ée]tage(?:\s+porte)?(?:\s+(?:gauche|droite|[àa]\s+gauche|[àa]\s+droite|\w{1,3}(?![\w])))?)?"
)


# A town after the street, without its postcode, at the end of the address.
_TOWN_AFTER = re.compile(
    rf",[ \t]*(?P<town>{_TITLE_WORD}(?:-{_TITLE_WORD}|-(?:sur|sous|en|le|la|les|de|du|lès)-{_TITLE_WORD}){{0,3}})"
    r"[ \t]*(?:[).;\n]|$)"
)


def _addresses(text: str) -> Iterator[Span]:
    found = [m.span() for m in _ADDRESS.finditer(text)]
    for pattern in (_ADDRESS_EN, _ADDRESS_EU, _ADDRESS_NUMBER_AFTER):
        found += [m.span() for m in pattern.finditer(text)]
    for start, end in found:
        if _organisation_address(text, start):
            continue
        tail = _ADDRESS_TAIL.match(text, end)  # "… 69004, 2e étage gauche"
        end = tail.end() if tail and tail.end() > end else end
        town = _TOWN_AFTER.match(text, end)  # "8 impasse du Moulin, Saint-Genis-Laval)"
        end = town.end("town") if town else end
        country = _COUNTRY.match(text, end)  # "…, 10969 Berlin, Germany"
        yield Span(start, country.end() if country else end, "address")
    for m in _ADDRESS_CONTEXT.finditer(text):
        yield Span(m.start("addr"), m.end("addr"), "address")
    for m in _BOX.finditer(text):
        yield Span(m.start(), m.end(), "address")


# ---------------------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------------------

# Order matters when spans overlap: the first label wins.
_DETECTORS = (
    _emails,
    _long_runs,
    _ibans,
    _nirs,
    _birthdates,
    _locations,
    _sensitive,
    _ips,
    _phones,
    _phones_named,
    _spelled_phones,
    _numbers,
    _shaped_numbers,
    _plates,
    _labelled_ids,
    lambda t: (Span(m.start(), m.end(), "profile") for m in _URL_PROFILE.finditer(t)),
    lambda t: (
        Span(m.start(), m.end(), "profile")
        for m in (_PERSONAL_PAGE.finditer(t) if "/~" in t else ())
    ),
    lambda t: (Span(m.start(), m.end(), "handle") for m in _HANDLE.finditer(t)),
    lambda t: (
        Span(m.start("handle"), m.end("handle"), "handle")
        if m.group("handle")
        else Span(m.start(), m.end(), "profile")
        for m in _NETWORK_HANDLE.finditer(t)
        if not m.group("handle") or re.search(r"[._\d]", m.group("handle"))
    ),
    lambda t: (Span(m.start("handle"), m.end("handle"), "handle") for m in _APP_HANDLE.finditer(t)),
    _addresses,
    _names,
)


# What a form or a slide shows as an example is nobody's: "affiche '01 23 45 67 89' en
# exemple", "placeholder 'ex : Jean Dupont'", "(AB-123-CD) is a dummy".
_EXAMPLE_BEFORE = re.compile(
    r"(?i:\bex\s*:|\bexemple\s*:|\bexample\s*:|placeholder\s*:?)\s*['\"«“(]?\s*$"
)
_EXAMPLE_AFTER = re.compile(
    r"\s*['\"»”)]?\s*(?i:en\s+exemple|comme\s+exemple|as\s+an\s+example|pour\s+l'exemple|"
    r"is\s+a\s+dummy|is\s+fake|est\s+fictif|est\s+bidon)\b"
)


def _an_example(text: str, start: int, end: int) -> bool:
    if _MINE.search(text, max(0, start - 30), start):
        return False  # "par exemple mon 06 …": one's own
    return bool(
        _EXAMPLE_BEFORE.search(text, max(0, start - 20), start) or _EXAMPLE_AFTER.match(text, end)
    )


def _public(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PUBLIC_TEXT.finditer(text)]


# A message that says its data is made up: "un exemple fictif : Jean Dupont, né le …",
# "'1 rue de la Paix, 75000 Nowhere' — example only, nobody lives there".
_FICTION = re.compile(
    r"(?i:\bfictifs?\b|\bfictives?\b|fictitious|valeurs?\s+d'exemple|example\s+only|"
    r"for\s+illustration|pas\s+de\s+vraies\s+donn[ée]es|not\s+real\s+(?:data|people|person)|"
    r"nobody\s+lives|personne\s+n'y\s+habite|donn[ée]es\s+fictives|made[\s\-]up)"
)
_FICTION_LABELS = frozenset({"name", "address", "birthdate", "location"})
# A masked value is not the value: "FR76 XXXX XXXX XXXX", "06 ** ** ** 12".
_MASK = re.compile(r"[Xx*•]{4}|(?:[Xx*•]{2}[ .\-]){2}|(?:0000[ .\-]?){3}|(?:9{2,3}[ .\-]?){4}")


def find_normalised(text: str) -> list[Span]:
    """Personal data in already normalised ``text``: sorted spans that do not overlap."""
    public = _public(text)
    fiction = _FICTION.search(text) is not None
    found: list[Span] = []
    for rank, detect in enumerate(_DETECTORS):
        for span in detect(text):
            if span.end <= span.start:
                continue
            if any(s <= span.start and span.end <= e for s, e in public):
                continue
            if _an_example(text, span.start, span.end) or _MASK.search(text, span.start, span.end):
                continue
            if (
                fiction
                and span.label in _FICTION_LABELS
                and not _MINE.search(text, max(0, span.start - 30), span.start)
            ):
                continue  # said to be made up, and not said to be one's own
            if span.label == "phone" and (extension := _EXTENSION.match(text, span.end)):
                span = Span(span.start, extension.end(), span.label)
            found.append(Span(span.start, span.end, f"{rank:02d}{span.label}"))
    found.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in found:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            label = min(last.label, span.label)  # lowest rank wins
            merged[-1] = Span(last.start, max(last.end, span.end), label)
        else:
            merged.append(span)
    return [Span(s.start, s.end, s.label[2:]) for s in merged]


def find(text: str) -> list[Span]:
    """Personal data in ``text``, as spans of ``text`` itself (not of its normalised form).

    >>> text = "tel ０６ １２ ３４ ５６ ７８"
    >>> [text[s.start:s.end] for s in find(text)]
    ['０６ １２ ３４ ５６ ７８']
    """
    norm, origin = normalise(text)
    return [Span(origin[s.start], origin[s.end - 1] + 1, s.label) for s in find_normalised(norm)]


def redact(text: str) -> str:
    """``text`` normalised, with every piece of personal data replaced by its ``[label]``."""
    norm, _ = normalise(text)
    parts: list[str] = []
    last = 0
    for span in find_normalised(norm):
        parts.append(norm[last : span.start])
        parts.append(f"[{span.label}]")
        last = span.end
    parts.append(norm[last:])
    return "".join(parts)
