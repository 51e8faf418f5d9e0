"""Name clean-up shared by the generator and the linkage model: nicknames and normalisation."""

import re

from .duck import literal

# Common English nicknames and short forms, keyed by the short form. Used to put both
# spellings on one standard form before comparing (a real extract has them too).
NICKNAMES: dict[str, str] = {
    "abbie": "abigail",
    "abby": "abigail",
    "alex": "alexandra",
    "ali": "alison",
    "amy": "amelia",
    "annie": "anne",
    "becky": "rebecca",
    "becca": "rebecca",
    "beth": "elizabeth",
    "bex": "rebecca",
    "cath": "catherine",
    "cathy": "catherine",
    "charlie": "charlotte",
    "chris": "christine",
    "debbie": "deborah",
    "debs": "deborah",
    "ellie": "eleanor",
    "em": "emma",
    "gem": "gemma",
    "jackie": "jacqueline",
    "jen": "jennifer",
    "jenny": "jennifer",
    "jess": "jessica",
    "jo": "joanne",
    "kate": "katherine",
    "katie": "katherine",
    "kath": "kathleen",
    "kim": "kimberley",
    "lexi": "alexandra",
    "libby": "elizabeth",
    "liz": "elizabeth",
    "lizzie": "elizabeth",
    "maggie": "margaret",
    "mandy": "amanda",
    "meg": "megan",
    "mel": "melanie",
    "nat": "natalie",
    "nicky": "nicola",
    "nikki": "nicola",
    "pam": "pamela",
    "sam": "samantha",
    "sue": "susan",
    "suzy": "susan",
    "steph": "stephanie",
    "tash": "natasha",
    "tasha": "natasha",
    "tori": "victoria",
    "vicky": "victoria",
    "al": "alan",
    "andy": "andrew",
    "ben": "benjamin",
    "bill": "william",
    "bob": "robert",
    "charles": "charles",
    "danny": "daniel",
    "dan": "daniel",
    "dave": "david",
    "ed": "edward",
    "eddie": "edward",
    "jim": "james",
    "jimmy": "james",
    "joe": "joseph",
    "jon": "jonathan",
    "josh": "joshua",
    "kev": "kevin",
    "lee": "leon",
    "matt": "matthew",
    "mick": "michael",
    "mike": "michael",
    "nick": "nicholas",
    "pete": "peter",
    "phil": "philip",
    "rob": "robert",
    "robbie": "robert",
    "ryan": "ryan",
    "steve": "stephen",
    "stu": "stuart",
    "tom": "thomas",
    "tommy": "thomas",
    "tony": "anthony",
    "will": "william",
}

# The reverse: for each standard name, the short forms a record may use instead.
SHORT_FORMS: dict[str, list[str]] = {}
for _short, _full in NICKNAMES.items():
    if _short != _full:
        SHORT_FORMS.setdefault(_full, []).append(_short)

_NOT_LETTERS = re.compile(r"[^a-z' -]")
_SPACES = re.compile(r"\s+")


def clean_name(value: str | None) -> str | None:
    """Lower case, letters, apostrophes, hyphens and single spaces only; None when empty."""
    if value is None:
        return None
    text = _SPACES.sub(" ", _NOT_LETTERS.sub("", str(value).lower())).strip()
    return text or None


def standard_forename(value: str | None) -> str | None:
    """The standard form of a forename: 'Liz' and 'Elizabeth' both give 'elizabeth'."""
    name = clean_name(value)
    if name is None:
        return None
    first = name.split(" ")[0]
    return NICKNAMES.get(first, first)


def nickname_sql_values() -> str:
    """The nickname table as a SQL VALUES list, for engines that normalise in SQL."""
    return ", ".join(
        f"({literal(short)}, {literal(full)})" for short, full in sorted(NICKNAMES.items())
    )
