from django import forms
from django.core.exceptions import ValidationError

from alongside.linkage.extract_kinds import KINDS
from alongside.linkage.mapping import heading_key
from alongside.linkage.pipeline import MIN_LABELS_TO_TRAIN

from .models import LinkageRun, ReviewDecision
from .selectors import label_source_name
from .uploads import (
    MAX_TOTAL_UPLOAD_BYTES,
    PendingUpload,
    StoredExtract,
    check_extract,
    check_total,
    upload_headings,
)

# What each kind of extract is called on screen.
KIND_NAMES = {
    "applications": "care applications",
    "midwifery_bookings": "midwifery bookings",
    "care_leavers": "care leavers list",
}

_PERSON_LABELS = {
    "forename": "first name",
    "surname": "last name",
    "previous_names": "previous names",
    "dob": "date of birth",
    "postcode": "postcode",
    "nhs_number": "NHS number",
    "ethnicity": "ethnicity",
}
# What each column Alongside uses holds, in plain words.
COLUMN_LABELS = {
    "application_id": "Application ID or case number",
    "issue_date": "Date the application was issued",
    "local_authority": "Local authority",
    "court": "Court",
    "child_id": "Child ID",
    "child_dob": "Child's date of birth",
    "final_order": "Final order made",
    "final_order_date": "Date of the final order",
    "booking_id": "Booking ID",
    "expected_due_date": "Expected due date",
    "booking_date": "Date of the booking",
    "care_leaver_id": "Care leaver ID",
    **{name: label[0].upper() + label[1:] for name, label in _PERSON_LABELS.items()},
    **{
        f"{role}_{name}": f"{role.capitalize()}'s {label}"
        for role in ("mother", "father")
        for name, label in _PERSON_LABELS.items()
    },
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ExtractsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        return list(data) if isinstance(data, list | tuple) else [data] if data else []


class LinkageRunForm(forms.Form):
    """The extracts of a run. Each file is checked here, before anything is stored: its kind,
    its size, and its heading row (readable, not empty, rows under it). Whether the headings are
    the ones Alongside needs is decided afterwards, against the saved column mappings.

    `kept`: files chosen earlier and kept while the person put right another file; a field left
    empty keeps its file, a file chosen replaces it. `checked` holds each field's files that
    passed (with their heading rows), so the view can keep them when another field has an error.

    `label_sources`: the earlier runs whose clerical decisions the run may be checked against
    (from `selectors.review_label_sources`), given only to someone who may see those decisions
    (they are identifiable record keys). Without any, the form has no such choice, and a value
    posted for it is ignored.
    """

    applications = ExtractsField(
        label="Care applications extracts",
        required=False,
        help_text=(
            "CSV, Excel (.xlsx) or Parquet, up to 200MB each and "
            f"{MAX_TOTAL_UPLOAD_BYTES // (1024 * 1024)}MB in all. You can choose more than one file"
        ),
    )
    bookings = forms.FileField(
        label="Midwifery bookings (optional)",
        required=False,
        allow_empty_file=True,  # refused by check_extract, with the file's name
        help_text="To list parents who could be offered help in pregnancy",
    )
    care_leavers = forms.FileField(
        label="Care leavers list (optional)",
        required=False,
        allow_empty_file=True,
        help_text="To list care leavers who could be offered help early",
    )

    def __init__(
        self,
        *args,
        kept: PendingUpload | None = None,
        label_sources: list[LinkageRun] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.kept = kept
        self.checked: dict[str, tuple[list, list]] = {}
        self.label_sources = {run.pk: run for run in label_sources}
        if self.label_sources:
            self.fields["labels_from"] = forms.TypedChoiceField(
                label="Check this run against the decisions made on an earlier run (optional)",
                choices=[
                    ("", "Do not check against earlier decisions"),
                    *((run.pk, label_source_name(run)) for run in self.label_sources.values()),
                ],
                coerce=int,
                empty_value=None,
                required=False,
                help_text=(
                    "The pairs of records someone decided were, or were not, the same person "
                    "when they checked that run’s links. Pairs whose records are not both in "
                    "this run are left out"
                ),
                error_messages={"invalid_choice": "Choose one of the runs listed"},
            )
            self.fields["train_from_labels"] = forms.BooleanField(
                label=(
                    "Also use those decisions to train the model (needs at least "
                    f"{MIN_LABELS_TO_TRAIN} pairs decided as the same person)"
                ),
                required=False,
                help_text=(
                    "The model learns how often the details of one person agree from those "
                    "pairs. The check is then not independent of the model"
                ),
            )

    def kept_files(self, field_name: str) -> list[StoredExtract]:
        return self.kept.files_for(field_name) if self.kept else []

    def _check(self, field_name: str, uploads: list) -> list:
        headings, errors = [], []
        for upload in uploads:
            try:
                check_extract(upload)
                headings.append(upload_headings(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        if uploads:
            self.checked[field_name] = (uploads, headings)
        return uploads

    def clean_applications(self):
        uploads = self.cleaned_data.get("applications") or []
        if not uploads and not self.kept_files("applications"):
            raise ValidationError("Choose at least one care applications extract")
        return self._check("applications", uploads)

    def clean_bookings(self):
        upload = self.cleaned_data.get("bookings")
        if upload:
            self._check("bookings", [upload])
        return upload

    def clean_care_leavers(self):
        upload = self.cleaned_data.get("care_leavers")
        if upload:
            self._check("care_leavers", [upload])
        return upload

    def clean(self):
        cleaned = super().clean()
        files = []
        for field_name in ("applications", "bookings", "care_leavers"):
            value = cleaned.get(field_name)
            chosen = value if isinstance(value, list) else [value] if value else []
            files += chosen or self.kept_files(field_name)
        try:
            check_total(files)
        except ValidationError as error:
            self.add_error("applications", error)
            self.checked = {}
        self._clean_labels(cleaned)
        return cleaned

    def _clean_labels(self, cleaned: dict) -> None:
        if not self.label_sources or self.has_error("labels_from"):
            return
        source = self.label_sources.get(cleaned.get("labels_from"))
        if not cleaned.get("train_from_labels"):
            return
        if source is None:
            self.add_error(
                "labels_from",
                "Choose the earlier run whose decisions train the model, or untick ‘Also use "
                "those decisions to train the model’",
            )
        elif source.same_decisions < MIN_LABELS_TO_TRAIN:
            same = source.same_decisions
            self.add_error(
                "train_from_labels",
                f"Run {source.pk} has {same} pair{'' if same == 1 else 's'} decided as the same "
                f"person: training needs at least {MIN_LABELS_TO_TRAIN}. Untick this to check "
                "the run against its decisions only",
            )

    def labels_choice(self) -> tuple[int | None, bool]:
        """(the earlier run whose decisions check this run, or None; whether they also train
        the model), once the form is valid. Nothing for a form without the choice."""
        if not self.label_sources:
            return None, False
        source = self.cleaned_data.get("labels_from")
        return source, bool(source is not None and self.cleaned_data.get("train_from_labels"))


class ColumnMappingForm(forms.Form):
    """Which of the file's columns holds each column Alongside uses: one choice per column,
    those the linkage needs first. The choices must suit every file of this kind in the run."""

    name = forms.CharField(
        label="Name for this column mapping",
        max_length=100,
        help_text=(
            "Alongside uses it again for files with the same columns. "
            "Saving under the name of a mapping you already have replaces it"
        ),
        error_messages={"required": "Enter a name for this column mapping"},
    )

    def __init__(
        self, *args, kind: str, file: StoredExtract, others: list[StoredExtract] = (), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.kind = KINDS[kind]
        self.file = file
        self.others = list(others)
        headings = [(h, h) for h in file.headings if h.strip()]
        for column in self.kind.columns:
            required = column in self.kind.required
            label = COLUMN_LABELS.get(column, column)
            self.fields[column] = forms.ChoiceField(
                label=label,
                choices=[("", "Choose a column" if required else "Not in this file"), *headings],
                required=required,
                help_text=f"Alongside calls this {column}",
                error_messages={
                    "required": f"Choose the column in {file.name} that holds the {_lower(label)}",
                    "invalid_choice": f"Choose one of the columns in {file.name}",
                },
            )
        self.order_fields([*self.kind.columns, "name"])

    @property
    def required_fields(self):
        return [self[c] for c in self.kind.required]

    @property
    def optional_fields(self):
        return [self[c] for c in self.kind.optional]

    def columns(self) -> dict[str, str]:
        """Alongside's column -> the heading chosen for it."""
        return {c: self.cleaned_data[c] for c in self.kind.columns if self.cleaned_data.get(c)}

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for column in self.kind.columns:
            heading = cleaned.get(column)
            if not heading:
                continue
            if heading in chosen:
                self.add_error(
                    column,
                    f"You chose ‘{heading}’ for the {_lower(COLUMN_LABELS[chosen[heading]])} "
                    "already. Choose a different column",
                )
            else:
                chosen[heading] = column
        needed = [cleaned[c] for c in self.kind.required if cleaned.get(c)]
        for other in self.others:
            present = {heading_key(h) for h in other.headings}
            lacking = [h for h in needed if heading_key(h) not in present]
            if lacking:
                self.add_error(
                    None,
                    f"{other.name} is missing the columns: {', '.join(lacking)}. All the "
                    f"{KIND_NAMES[self.kind.name]} files in one run need the same columns",
                )
        return cleaned


def _lower(label: str) -> str:
    """'Mother's date of birth' -> 'mother's date of birth' (but 'NHS number' stays)."""
    return label if label[:3].isupper() else label[0].lower() + label[1:]


class ReviewDecisionForm(forms.Form):
    """The analyst's decision on one pair of records."""

    decision = forms.ChoiceField(
        label="Are these records the same person?",
        choices=ReviewDecision.Decision.choices,
        widget=forms.RadioSelect,
        help_text="Compare the two records. Choose ‘Cannot tell’ if the details are not "
        "enough to decide: it is left out of the estimate",
        error_messages={
            "required": "Select whether these records are the same person",
            "invalid_choice": "Select whether these records are the same person",
        },
    )
