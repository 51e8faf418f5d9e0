"""Is a new referral someone the service already knows? One new record against a few
candidates, scored with the linkage model's comparisons (names with nicknames and previous
surnames, date of birth with its usual errors, postcode by its parts, NHS number) and a
shipped default of match weights, so the answer is quick, needs no training run and says which
fields agreed. Plain Python; no Django.

The weights are log2(m/u) per comparison level, set from the m and u probabilities the Splink
model (`model.py`) learns on the synthetic benchmark's error profile, rounded. A pair's match
probability comes from the sum of its weights and the prior below.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date

from .names import clean_name, standard_forename

# One person in this many candidate pairs (after blocking) is a true match, before evidence.
PRIOR_WEIGHT = math.log2(1 / 200)
# Pairs at or above this probability are shown to the worker as likely matches.
SHOW_THRESHOLD = 0.5


@dataclass(frozen=True)
class Person:
    key: int
    given_name: str = ""
    family_name: str = ""
    previous_names: tuple[str, ...] = ()
    date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""


@dataclass
class Match:
    key: int
    weight: float
    probability: float
    agreed: list[str] = field(default_factory=list)  # in words: 'Date of birth: exact'
    differed: list[str] = field(default_factory=list)


# (label shown to the worker, weight) per level, strongest first.
FORENAME = {
    "exact": ("First name: the same", 6.5),
    "nickname": ("First name: the same name (a short form)", 5.0),
    "typo": ("First name: one letter different", 4.0),
    "close": ("First name: similar", 2.0),
    "else": ("First name: different", -3.5),
}
SURNAME = {
    "exact": ("Last name: the same", 7.0),
    "previous": ("Last name: matches a previous name", 5.5),
    "typo": ("Last name: one letter different", 4.5),
    "close": ("Last name: similar", 2.0),
    "else": ("Last name: different", -2.5),
}
DOB = {
    "exact": ("Date of birth: the same", 8.0),
    "swapped": ("Date of birth: day and month swapped", 5.0),
    "digit": ("Date of birth: one digit different", 4.0),
    "year": ("Date of birth: same day and month, year different", 1.5),
    "else": ("Date of birth: different", -6.0),
}
POSTCODE = {
    "exact": ("Postcode: the same", 7.0),
    "sector": ("Postcode: same sector", 4.0),
    "district": ("Postcode: same district", 2.0),
    "else": ("Postcode: different", -1.0),
}
NHS = {
    "exact": ("NHS number: the same", 13.0),
    "digit": ("NHS number: one digit different", 3.0),
    "else": ("NHS number: different", -8.0),
}


def _damerau_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap of two
    neighbouring characters (Damerau-Levenshtein distance 1)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if la < lb else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def jaro_winkler(a: str, b: str) -> float:
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    reach = max(max(la, lb) // 2 - 1, 0)
    a_hit, b_hit = [False] * la, [False] * lb
    matches = 0
    for i, ch in enumerate(a):
        for j in range(max(0, i - reach), min(lb, i + reach + 1)):
            if not b_hit[j] and b[j] == ch:
                a_hit[i] = b_hit[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    a_m = [a[i] for i in range(la) if a_hit[i]]
    b_m = [b[j] for j in range(lb) if b_hit[j]]
    transpositions = sum(x != y for x, y in zip(a_m, b_m, strict=True)) / 2
    jaro = (matches / la + matches / lb + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def _surnames(person: Person) -> list[str]:
    """The person's last name and the last word of each previous name."""
    names = [clean_name(person.family_name)]
    for previous in person.previous_names:
        cleaned = clean_name(previous)
        if cleaned:
            names.append(cleaned.split(" ")[-1])
    return [n for n in names if n]


def normal_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", (value or "").upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def _forename_level(a: Person, b: Person) -> str | None:
    x, y = clean_name(a.given_name), clean_name(b.given_name)
    if not x or not y:
        return None
    if x == y:
        return "exact"
    if standard_forename(x) == standard_forename(y):
        return "nickname"
    if _damerau_at_most_one(x, y):
        return "typo"
    return "close" if jaro_winkler(x, y) >= 0.9 else "else"


def _surname_level(a: Person, b: Person) -> str | None:
    x, y = clean_name(a.family_name), clean_name(b.family_name)
    if not x or not y:
        return None
    if x == y:
        return "exact"
    if set(_surnames(a)) & set(_surnames(b)):
        return "previous"
    if _damerau_at_most_one(x, y):
        return "typo"
    return "close" if jaro_winkler(x, y) >= 0.9 else "else"


def _dob_level(a: Person, b: Person) -> str | None:
    x, y = a.date_of_birth, b.date_of_birth
    if x is None or y is None:
        return None
    if x == y:
        return "exact"
    if (x.year, x.month, x.day) == (y.year, y.day, y.month):
        return "swapped"
    if _damerau_at_most_one(x.strftime("%Y%m%d"), y.strftime("%Y%m%d")):
        return "digit"
    return "year" if (x.month, x.day) == (y.month, y.day) else "else"


def _postcode_level(a: Person, b: Person) -> str | None:
    x, y = normal_postcode(a.postcode), normal_postcode(b.postcode)
    if not x or not y:
        return None
    if x == y:
        return "exact"
    if " " in x and " " in y and x[:-2] == y[:-2]:
        return "sector"
    return "district" if x.split(" ")[0] == y.split(" ")[0] else "else"


def _nhs_level(a: Person, b: Person) -> str | None:
    x, y = re.sub(r"\D", "", a.nhs_number or ""), re.sub(r"\D", "", b.nhs_number or "")
    if not x or not y:
        return None
    if x == y:
        return "exact"
    return "digit" if _damerau_at_most_one(x, y) else "else"


COMPARISONS = (
    (_forename_level, FORENAME),
    (_surname_level, SURNAME),
    (_dob_level, DOB),
    (_postcode_level, POSTCODE),
    (_nhs_level, NHS),
)


def score(new: Person, existing: Person) -> Match:
    weight = PRIOR_WEIGHT
    agreed, differed = [], []
    for level_of, levels in COMPARISONS:
        level = level_of(new, existing)
        if level is None:
            continue
        label, w = levels[level]
        weight += w
        (agreed if w > 0 else differed).append(label)
    probability = 1 / (1 + 2 ** (-weight))
    return Match(existing.key, weight, probability, agreed, differed)


def likely_matches(
    new: Person, candidates: list[Person], threshold: float = SHOW_THRESHOLD
) -> list[Match]:
    """The candidates at or above `threshold`, most likely first."""
    scored = [score(new, c) for c in candidates if c.key != new.key]
    return sorted(
        (m for m in scored if m.probability >= threshold), key=lambda m: (-m.weight, m.key)
    )
