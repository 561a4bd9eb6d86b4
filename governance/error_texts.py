"""Every error text boliv shows, in Danish and English, keyed by (code, variant); fields are named.

``governance.errors`` holds the facts, this module the words. A field whose value is a
``Phrase`` is itself an entry here (a noun, a scope), rendered in the same language, so a
sentence names the thing as a native speaker would ("Ukendt enhed", "Enheden 'x' findes allerede").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

LANGUAGES = ("da", "en")


class Text(NamedTuple):
    da: str
    en: str


class Phrase:
    """A piece of a sentence taken from the catalogue: entry (``code``, ``variant``) with its own facts."""

    __slots__ = ("code", "facts", "variant")

    def __init__(self, code: str, variant: str = "", **facts: object):
        self.code, self.variant, self.facts = code, variant, facts

    def __repr__(self) -> str:
        return f"Phrase({self.code!r}, {self.variant!r})"


_NOTHING_CHANGED = Text("intet er ændret", "nothing was changed")
_OVER = Text("{found}, men højst {maximum} er tilladt ({limit}); intet er udført.",
             "{found}, but at most {maximum} is allowed ({limit}); nothing was done.")

TEXTS: dict[tuple[str, str], Text] = {
    # -- words that other texts are made of -------------------------------------------------
    ("NOUN", "body"): Text("enhed", "body"),
    ("NOUN", "person"): Text("person", "person"),
    ("NOUN", "organisation"): Text("organisation", "organisation"),
    ("NOUN", "platform"): Text("platform", "platform"),
    ("NOUN", "membership"): Text("medlemskab", "membership"),
    ("NOUN", "case"): Text("sag", "case"),
    ("NOUN", "token"): Text("token", "token"),
    ("NOUN", "no_organisation"): Text("ingen organisation", "no organisation"),
    ("THE_NOUN", "body"): Text("Enheden", "The body"),
    ("THE_NOUN", "person"): Text("Personen", "The person"),
    ("THE_NOUN", "case"): Text("Sagen", "The case"),
    ("THE_NOUN", "key"): Text("Nøglen", "The key"),
    ("SCOPE", ""): Text("", ""),
    ("SCOPE", "onBehalfOf"): Text(" på vegne af {organisation}", " on behalf of {organisation}"),
    ("SCOPE", "appointedBy"): Text(" udpeget af {organisation}", " appointed by {organisation}"),
    ("SCOPE", "bodyOf"): Text(" for en enhed under {organisation}", " for a body of {organisation}"),
    # -- input the register cannot take ------------------------------------------------------
    ("UNKNOWN_KEY", ""): Text("Ukendt {kind}: '{key}'.", "Unknown {kind}: '{key}'."),
    ("DUPLICATE_KEY", ""): Text("{the_kind} '{key}' findes allerede.", "{the_kind} '{key}' already exists."),
    ("BAD_KEY", ""): Text(
        "'{key}' er ikke en gyldig nøgle: brug små bogstaver, cifre og - _ . (højst {maximum} tegn).",
        "'{key}' is not a valid key: use lowercase letters, digits and - _ . (at most {maximum} characters).",
    ),
    ("BAD_DATE", ""): Text("'{value}' i {field} er ikke en dato (ÅÅÅÅ-MM-DD).", "'{value}' in {field} is not a date (YYYY-MM-DD)."),
    ("BAD_DATE", "unnamed"): Text("'{value}' er ikke en dato (ÅÅÅÅ-MM-DD).", "'{value}' is not a date (YYYY-MM-DD)."),
    ("BAD_DATE", "calendar_start"): Text(
        "Kalenderen begynder {day}: der er ingen dag før, som noget kan slutte på.",
        "The calendar begins on {day}: there is no day before it for anything to end on.",
    ),
    ("BAD_VALUE", "choice"): Text("'{value}' i {field} er ikke en af: {allowed}.", "'{value}' in {field} is not one of: {allowed}."),
    ("BAD_VALUE", "role"): Text("Ukendt rolle '{value}'; roller: {roles}.", "Unknown role '{value}'; roles: {roles}."),
    ("BAD_VALUE", "org_admin_scope"): Text(
        "En org-admin-token kræver --organisation, og kun den.", "An org-admin token needs --organisation, and only it does.",
    ),
    ("BAD_VALUE", "body_name"): Text("Enhedens navn kan ikke være tomt.", "A body's name cannot be empty."),
    ("BAD_VALUE", "limit"): Text("limit skal være mellem 1 og {maximum}, ikke {value}.", "limit must be between 1 and {maximum}, not {value}."),
    ("BAD_VALUE", "offset"): Text("offset må ikke være negativ, ikke {value}.", "offset cannot be negative, not {value}."),
    ("BAD_VALUE", "unstorable"): Text(
        "Databasen kan ikke rumme en af værdierne (fx et NUL-tegn eller et for stort tal); intet er ændret.",
        "The database cannot hold one of the values (such as a NUL character or too large a number); nothing was changed.",
    ),
    ("BAD_CHANGE", "one_kind"): Text("En ændring skal have præcis én af {kinds}.", "A change must have exactly one of {kinds}."),
    ("BAD_CHANGE", "update_nothing"): Text(
        "updateBody skal ændre mindst én af name og expiresOn.", "updateBody must change at least one of name and expiresOn.",
    ),
    ("EMPTY", "document_title"): Text("Et dokument skal have en titel.", "A document must have a title."),
    ("EMPTY", "key_and_name"): Text("Nøgle og navn må ikke være tomme.", "Key and name must not be empty."),
    ("EMPTY", "key_and_title"): Text("Nøgle og titel må ikke være tomme.", "Key and title must not be empty."),
    ("EMPTY", "hearing_answer"): Text("Et høringssvar skal have en tekst.", "A hearing answer must have a text."),
    ("TOO_LONG", "document_title"): Text(
        "Titlen har {length} tegn, men højst {maximum} er tilladt.", "The title has {length} characters, but at most {maximum} are allowed.",
    ),
    ("JUSTIFICATION_REQUIRED", ""): Text(
        "At gennemtvinge en ændring kræver en begrundelse (justification).", "Overriding the rules needs a justification.",
    ),
    ("BAD_TEXT", "nul"): Text(
        "Tekst må ikke indeholde NUL-tegnet (U+0000); intet er ændret.", "Text cannot contain the NUL character (U+0000); nothing was changed.",
    ),
    ("BAD_TEXT", "surrogate"): Text(
        "Tekst må ikke indeholde et enligt surrogat (U+D800–U+DFFF, ikke gyldig Unicode); intet er ændret.",
        "Text cannot contain a lone surrogate (U+D800–U+DFFF, not valid Unicode); nothing was changed.",
    ),
    ("LIMIT_EXCEEDED", "cost"): Text("Forespørgslen koster for meget: " + _OVER.da, "The request costs too much: " + _OVER.en),
    ("LIMIT_EXCEEDED", "items"): Text("Listen '{name}' har for mange elementer: " + _OVER.da, "The list '{name}' has too many items: " + _OVER.en),
    ("LIMIT_EXCEEDED", "characters"): Text(
        "Teksten i '{name}' har for mange tegn: " + _OVER.da, "The text in '{name}' has too many characters: " + _OVER.en,
    ),
    # -- the audit key, the database, the rules ------------------------------------------------
    ("AUDIT_KEY", "env_short"): Text(
        "{env} er for kort: en nøgle til revisionssporet skal have mindst {minimum} tegn.",
        "{env} is too short: an audit key needs at least {minimum} characters.",
    ),
    ("AUDIT_KEY", "missing"): Text(
        "Der er ingen nøgle til revisionssporet: hverken {env} eller nøglefilen {path}.",
        "There is no audit key: neither {env} nor the key file {path}.",
    ),
    ("AUDIT_KEY", "readable"): Text(
        "Nøglefilen {path} kan læses af andre (tilstand {mode}); giv den tilstand 0600 (chmod 600).",
        "The audit key file {path} can be read by others (mode {mode}); give it mode 0600 (chmod 600).",
    ),
    ("AUDIT_KEY", "unusable"): Text(
        "Nøglefilen {path} holder ingen brugbar nøgle (mindst {minimum} tegn).",
        "The audit key file {path} holds no usable key (at least {minimum} characters).",
    ),
    ("DATABASE_UNAVAILABLE", ""): Text(
        f"Databasen kan ikke bruges lige nu; {_NOTHING_CHANGED.da}. Prøv igen senere.",
        f"The database cannot be used right now; {_NOTHING_CHANGED.en}. Try again later.",
    ),
    ("RULES_UNAVAILABLE", ""): Text(
        f"Regelfilerne kan ikke indlæses; {_NOTHING_CHANGED.da}.", f"The rule files cannot be loaded; {_NOTHING_CHANGED.en}.",
    ),
    # -- the API's own refusals -------------------------------------------------------------------
    ("UNAUTHENTICATED", "missing"): Text(
        "Denne handling kræver et bearer-token (Authorization: Bearer <token>).",
        "This operation needs a bearer token (Authorization: Bearer <token>).",
    ),
    ("UNAUTHENTICATED", "malformed"): Text(
        "Authorization-headeren skal have formen 'Bearer <token>'.", "The Authorization header must have the form 'Bearer <token>'.",
    ),
    ("UNAUTHENTICATED", "unknown"): Text("Bearer-tokenet er ikke gyldigt.", "The bearer token is not valid."),
    ("FORBIDDEN", ""): Text(
        f"Rollen '{{role}}' mangler retten '{{right}}'{{scope}}, som {{operation}} kræver; {_NOTHING_CHANGED.da}.",
        f"The role '{{role}}' lacks the right '{{right}}'{{scope}} that {{operation}} needs; {_NOTHING_CHANGED.en}.",
    ),
    ("BUDGET_EXCEEDED", ""): Text(
        f"Forespørgslen brugte hele sin tidsramme på {{seconds:g}} s og blev stoppet; {_NOTHING_CHANGED.da}.",
        f"The request used up its time budget of {{seconds:g}} s and was stopped; {_NOTHING_CHANGED.en}.",
    ),
    ("CLIENT_GONE", ""): Text(
        f"Klienten gik, så arbejdet blev stoppet; {_NOTHING_CHANGED.da}.", f"The client went away, so the work was stopped; {_NOTHING_CHANGED.en}.",
    ),
    ("RATE_LIMITED", ""): Text(
        "Dette token kører allerede {running} krævende forespørgsel(er), så mange som tilladt; prøv igen om lidt. Intet er udført.",
        "This token already runs {running} costly request(s), as many as allowed; try again shortly. Nothing was done.",
    ),
    ("LIMIT_EXCEEDED", "body_bytes"): Text(
        "Forespørgslen er over {maximum} bytes (1 MiB), som er grænsen; intet er udført.",
        "The request is over {maximum} bytes (1 MiB), the limit; nothing was done.",
    ),
    ("BAD_REQUEST", "utf8"): Text("Forespørgslen er ikke gyldig UTF-8; intet er udført.", "The request is not valid UTF-8; nothing was done."),
    ("BAD_REQUEST", "json"): Text("Forespørgslen er ikke gyldig JSON; intet er udført.", "The request is not valid JSON; nothing was done."),
    ("BAD_REQUEST", "object"): Text(
        "Forespørgslen skal være et JSON-objekt med 'query' (tekst) og eventuelt 'variables' (et objekt); intet er udført.",
        "The request must be a JSON object with 'query' (a string) and optionally 'variables' (an object); nothing was done.",
    ),
    ("BAD_REQUEST", "nesting"): Text(
        "Forespørgslens JSON er indlejret mere end {maximum} niveauer; intet er udført.",
        "The request's JSON is nested more than {maximum} levels deep; nothing was done.",
    ),
    ("INVALID_DOCUMENT", ""): Text("Forespørgslen er ugyldig: {problems}", "{problems}"),
    ("INTERNAL", ""): Text("Uventet fejl.", "Unexpected error."),
}


def render(code: str, variant: str, lang: str, facts: Mapping[str, object]) -> str:
    """The entry (``code``, ``variant``) in ``lang`` (``da`` or ``en``), its fields filled from ``facts``."""
    template: str = getattr(TEXTS[code, variant], lang)
    fields = {name: render(v.code, v.variant, lang, v.facts) if isinstance(v, Phrase) else v for name, v in facts.items()}
    return template.format(**fields)
