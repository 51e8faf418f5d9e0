"""Does a parent meet a programme's (or a pathway's) eligibility rules?

The answer is one of: eligible; not eligible, with every reason; or not decided, saying what is
missing (a date of birth, a due date). It never guesses: a rule it cannot check is reported as
missing, not passed.
"""

from dataclasses import dataclass, field
from datetime import date

from alongside.people.choices import AT_HOME_STATUSES, ChildLegalStatus, is_pregnancy

from .schema import Eligibility

FULL_TERM_DAYS = 280  # 40 weeks from the first day of the last period


@dataclass(frozen=True)
class ChildFacts:
    legal_status: str
    date_of_birth: date | None = None
    due_date: date | None = None
    removed_on: date | None = None


@dataclass(frozen=True)
class ParentFacts:
    date_of_birth: date | None
    care_experienced: str  # "yes", "no" or "not_known"
    children: tuple[ChildFacts, ...] = ()
    postcode: str = ""

    @classmethod
    def of(cls, parent) -> "ParentFacts":
        """A parent's facts. A pregnancy with no outcome recorded counts as an unborn child,
        so `pregnancy_on` asks the same rule as `Parent.current_pregnancy`."""
        return cls(
            date_of_birth=parent.date_of_birth,
            care_experienced=parent.care_experienced,
            children=tuple(
                ChildFacts(c.legal_status, c.date_of_birth, c.due_date, c.removed_on)
                for c in parent.children.all()
            )
            + tuple(
                ChildFacts(ChildLegalStatus.UNBORN, due_date=p.due_date)
                for p in parent.pregnancies.all()
                if not p.outcome
            ),
            postcode=parent.postcode or "",
        )

    def pregnancy_on(self, on: date) -> ChildFacts | None:
        """The current pregnancy on `on`, by the same rule as a parent's record
        (alongside.people.choices.is_pregnancy)."""
        return next(
            (c for c in self.children if is_pregnancy(c.legal_status, c.due_date, on)), None
        )


@dataclass
class EligibilityResult:
    not_met: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    met: list[str] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        return bool(self.not_met) or not self.missing

    @property
    def eligible(self) -> bool | None:
        """True or False when decided; None when something needed is missing."""
        if self.not_met:
            return False
        return None if self.missing else True

    @property
    def summary(self) -> str:
        if self.not_met:
            return "Not eligible: " + "; ".join(self.not_met)
        if self.missing:
            return "Cannot decide yet. Missing: " + ", ".join(self.missing)
        return "Eligible"


def gestation_weeks(due_date: date, on: date) -> int:
    """Completed weeks of pregnancy on `on`, counted from a 40-week due date."""
    return (FULL_TERM_DAYS - (due_date - on).days) // 7


def months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def _in_area(postcode: str, area: str) -> bool:
    compact = postcode.replace(" ", "").upper()
    outward = compact[:-3] if len(compact) > 4 else compact
    if outward == area:
        return True
    return area.isalpha() and outward.startswith(area) and outward[len(area) :][:1].isdigit()


def check(rules: Eligibility, facts: ParentFacts, on: date) -> EligibilityResult:
    result = EligibilityResult()
    _age(rules, facts, on, result)
    if rules.care_experienced == "required":
        if facts.care_experienced == "yes":
            result.met.append("has been in care")
        elif facts.care_experienced == "no":
            result.not_met.append("the service is for parents who have been in care")
        else:
            result.missing.append("whether the parent has been in care")
    _removals(rules, facts, on, result)
    _children(rules, facts, result)
    _pregnancy_and_timing(rules, facts, on, result)
    if rules.areas:
        if not facts.postcode.strip():
            result.missing.append("postcode")
        elif any(_in_area(facts.postcode, area) for area in rules.areas):
            result.met.append("lives in the area")
        else:
            result.not_met.append(f"lives outside the area ({', '.join(rules.areas)})")
    return result


def _age(rules: Eligibility, facts: ParentFacts, on: date, result: EligibilityResult) -> None:
    if rules.min_age is None and rules.max_age is None:
        return
    if facts.date_of_birth is None:
        result.missing.append("date of birth")
        return
    born = facts.date_of_birth
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if rules.min_age is not None and age < rules.min_age:
        result.not_met.append(f"aged {age}; the youngest age is {rules.min_age}")
    elif rules.max_age is not None and age > rules.max_age:
        result.not_met.append(f"aged {age}; the oldest age is {rules.max_age}")
    else:
        result.met.append(f"aged {age}")


def _removals(rules: Eligibility, facts: ParentFacts, on: date, result: EligibilityResult) -> None:
    removed = [c for c in facts.children if c.legal_status in rules.removal_kinds]
    count = len(removed)
    if rules.min_removals is not None and count < rules.min_removals:
        result.not_met.append(
            f"{count} child{'ren' if count != 1 else ''} removed; needs at least {rules.min_removals}"
        )
    elif rules.max_removals is not None and count > rules.max_removals:
        result.not_met.append(
            f"{count} children removed; the service is for at most {rules.max_removals}"
        )
    elif rules.min_removals is not None or rules.max_removals is not None:
        result.met.append(f"{count} child{'ren' if count != 1 else ''} removed")
    if rules.removed_child_under_months is not None and removed:
        # The child's age when they were removed (not their age now).
        if any(c.date_of_birth is None for c in removed):
            result.missing.append("date of birth of the removed child")
            return
        youngest = max(removed, key=lambda c: c.date_of_birth)
        if youngest.removed_on is None:
            result.missing.append("the date the removed child was removed")
            return
        months = months_between(youngest.date_of_birth, youngest.removed_on)
        if months < rules.removed_child_under_months:
            result.met.append(f"removed child was {months} months old when removed")
        else:
            result.not_met.append(
                f"removed child was {months} months old when removed; the service is for "
                f"infants removed under {rules.removed_child_under_months} months"
            )


def _children(rules: Eligibility, facts: ParentFacts, result: EligibilityResult) -> None:
    at_home = [c for c in facts.children if c.legal_status in AT_HOME_STATUSES]
    if rules.children_at_home == "none":
        if at_home:
            result.not_met.append(
                f"{len(at_home)} child{'ren' if len(at_home) != 1 else ''} living with the "
                "parent; the service works when no child is in the parent's care"
            )
        else:
            result.met.append("no child living with the parent")
    if rules.min_children_with_status:
        wanted = [c for c in facts.children if c.legal_status in rules.children_statuses]
        labels = ", ".join(ChildLegalStatus(s).label.lower() for s in rules.children_statuses)
        if len(wanted) >= rules.min_children_with_status:
            result.met.append(f"{len(wanted)} child{'ren' if len(wanted) != 1 else ''}: {labels}")
        else:
            result.not_met.append(f"needs a child who is: {labels}")


def _pregnancy_and_timing(
    rules: Eligibility, facts: ParentFacts, on: date, result: EligibilityResult
) -> None:
    pregnancy = facts.pregnancy_on(on)
    if rules.pregnancy == "required" and pregnancy is None:
        result.not_met.append("the pathway is for parents who are pregnant")
        return
    if rules.pregnancy == "not_pregnant" and pregnancy is not None:
        result.not_met.append("the pathway is for parents who are not pregnant")
        return
    gestation_rule = rules.min_gestation_weeks is not None or rules.max_gestation_weeks is not None
    if pregnancy is not None and gestation_rule:
        if pregnancy.due_date is None:
            result.missing.append("due date")
            return
        weeks = gestation_weeks(pregnancy.due_date, on)
        if rules.min_gestation_weeks is not None and weeks < rules.min_gestation_weeks:
            result.not_met.append(
                f"{weeks} weeks pregnant; referral is from {rules.min_gestation_weeks} weeks"
            )
        elif rules.max_gestation_weeks is not None and weeks > rules.max_gestation_weeks:
            result.not_met.append(
                f"{weeks} weeks pregnant; referral is at {rules.max_gestation_weeks} weeks or earlier"
            )
        else:
            result.met.append(f"{weeks} weeks pregnant")
        return
    if rules.max_child_age_months is not None and pregnancy is None:
        born = [c.date_of_birth for c in facts.children if c.date_of_birth]
        if not born:
            if facts.children:
                result.missing.append("the youngest child's date of birth")
            else:
                result.not_met.append("not pregnant and no child recorded")
            return
        months = months_between(max(born), on)
        if months > rules.max_child_age_months:
            result.not_met.append(
                f"youngest child is {months} months old; the service runs to "
                f"{rules.max_child_age_months} months after the birth"
            )
        else:
            result.met.append(f"youngest child is {months} months old")
    elif gestation_rule and pregnancy is None and rules.max_child_age_months is None:
        result.not_met.append("the pathway is for parents who are pregnant")


def check_parent(spec, parent, on: date, pathway_key: str | None = None) -> EligibilityResult:
    """Check a Parent against a programme, narrowed to one pathway when given."""
    return check(spec.pathway_eligibility(pathway_key), ParentFacts.of(parent), on)
