"""Definition files: a service's own licensed instrument loads without code changes, and a
wrong file is reported with its name and the field."""

from pathlib import Path

import pytest
import yaml

from alongside.measures import definitions
from alongside.measures.definitions import (
    InstrumentDefinitionError,
    all_instruments,
    load_file,
    parse_instrument,
)
from alongside.measures.scoring import score

# A stand-in for a licensed scale a service might hold (shaped like the Parental Stress Scale:
# 18 items scored 1-5, 8 of them reverse-scored, two subscales). Placeholder wording only.
LICENSED = {
    "code": "parental_stress",
    "name": "Parental Stress Scale",
    "title": "Parental Stress Scale (service licence)",
    "licence": "Used under the service's own licence.",
    "question": "How much do you agree with each statement?",
    "direction": "lower_is_better",
    "response_options": [
        {"value": v, "label": label}
        for v, label in enumerate(
            ["Strongly disagree", "Disagree", "Undecided", "Agree", "Strongly agree"], start=1
        )
    ],
    "items": [{"id": f"i{n}", "text": f"Statement {n}"} for n in range(1, 19)],
    "reverse_scored": ["i1", "i2", "i5", "i6", "i7", "i8", "i17", "i18"],
    "subscales": [
        {"id": "rewards", "name": "Parental rewards", "items": ["i1", "i2", "i5", "i6"]},
        {"id": "stressors", "name": "Parental stressors", "items": ["i3", "i4", "i9", "i10"]},
    ],
}


@pytest.fixture
def service_dir(tmp_path, settings):
    settings.ALONGSIDE_INSTRUMENTS_DIR = str(tmp_path)
    definitions.clear_cache()
    yield tmp_path
    definitions.clear_cache()


def write(directory: Path, name: str, data) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_service_adds_a_licensed_instrument_by_file(service_dir):
    write(service_dir, "pss.yaml", LICENSED)
    instruments = all_instruments()
    assert set(instruments) == {"phq9", "gad7", "wellbeing_wheel", "parental_stress"}
    pss = instruments["parental_stress"]

    # All 3s: reversing 3 on a 1-5 scale gives 3, so 18 x 3 = 54.
    assert score(pss, {f"i{n}": 3 for n in range(1, 19)}).total == 54
    # All 5s: 10 plain items give 50; the 8 reversed ones give 1 each: 58.
    result = score(pss, {f"i{n}": 5 for n in range(1, 19)})
    assert result.total == 58
    # Rewards: i1, i2, i5, i6 all reversed (5 -> 1): 4. Stressors: 4 plain 5s: 20.
    assert result.subscales == {"rewards": 4, "stressors": 20}
    assert result.band == "" and result.at_or_above_caseness is None  # none defined


def test_the_mean_method():
    data = {**LICENSED, "scoring": {"method": "mean"}, "reverse_scored": []}
    pss = parse_instrument(data, "mean.yaml")
    answers = {f"i{n}": (1 if n <= 9 else 4) for n in range(1, 19)}  # (9*1 + 9*4) / 18 = 2.5
    assert score(pss, answers).total == 2.5


@pytest.mark.parametrize(
    "change,field,problem",
    [
        ({"code": None}, "code", "is missing"),
        ({"code": "Has Spaces"}, "code", "lower-case"),
        ({"name": 5}, "name", "must be text"),
        ({"items": []}, "items", "must not be empty"),
        ({"items": [{"id": "a"}]}, "items[0].text", "is missing"),
        ({"items": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}, "items", "repeat"),
        ({"reverse_scored": ["i99"]}, "reverse_scored", "unknown item ids: i99"),
        ({"subscales": [{"id": "s", "name": "S", "items": ["zz"]}]}, "subscales[0].items", "zz"),
        ({"response_options": [{"value": "one", "label": "x"}]}, "response_options[0].value", ""),
        ({"response_options": None}, "response_options", "is missing"),
        ({"response_scale": {"min": 1, "max": 5}}, "response_options", "not both"),
        ({"direction": "up"}, "direction", "must be one of"),
        ({"raters": ["child"]}, "raters", "must be a list"),
        (
            {"bands": [{"min": 0, "max": 10, "label": "A"}, {"min": 5, "max": 20, "label": "B"}]},
            "bands[1].min",
            "overlap",
        ),
        ({"discussion_difference": 3}, "discussion_difference", "two raters"),
        ({"items": [{"id": "a", "text": "x", "alert_above": 0}]}, "items[0].alert", "missing"),
    ],
)
def test_a_wrong_definition_names_the_file_and_field(tmp_path, change, field, problem):
    data = {**LICENSED, **change}
    data = {k: v for k, v in data.items() if v is not None}
    path = write(tmp_path, "broken.yaml", data)
    with pytest.raises(InstrumentDefinitionError) as raised:
        load_file(path)
    assert raised.value.field_name == field
    assert str(raised.value).startswith(f"broken.yaml: {field}: ")
    assert problem in str(raised.value)


def test_not_yaml_at_all(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(InstrumentDefinitionError, match=r"^bad.yaml: \(file\): is not valid YAML"):
        load_file(path)


def test_a_service_file_cannot_take_a_shipped_code(service_dir):
    write(service_dir, "mine.yaml", {**LICENSED, "code": "phq9"})
    with pytest.raises(InstrumentDefinitionError, match=r"mine.yaml: code: 'phq9' is already"):
        all_instruments()


def test_alongside_check_reports_a_wrong_service_file(service_dir):
    from alongside.measures.apps import check_instrument_definitions

    assert check_instrument_definitions() == []
    write(service_dir, "pss.yaml", {**LICENSED, "items": []})
    [error] = check_instrument_definitions()
    assert error.id == "measures.E001"
    assert error.msg == "pss.yaml: items: must not be empty"
