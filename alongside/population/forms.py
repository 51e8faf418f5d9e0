from django import forms

from .uploads import MAX_TOTAL_UPLOAD_BYTES, check_extract, check_total


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ExtractsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            if self.required:
                raise forms.ValidationError("Choose at least one care applications extract")
            return []
        for upload in files:
            check_extract(upload)
        return files


class LinkageRunForm(forms.Form):
    applications = ExtractsField(
        label="Care applications extracts",
        help_text=(
            "CSV, Excel (.xlsx) or Parquet, up to 200MB each and "
            f"{MAX_TOTAL_UPLOAD_BYTES // (1024 * 1024)}MB in all. You can choose more than one file"
        ),
    )
    bookings = forms.FileField(
        label="Midwifery bookings (optional)",
        required=False,
        help_text="To list parents who could be offered help in pregnancy",
    )
    care_leavers = forms.FileField(label="Care leavers list (optional)", required=False)

    def clean_bookings(self):
        upload = self.cleaned_data.get("bookings")
        if upload:
            check_extract(upload)
        return upload

    def clean_care_leavers(self):
        upload = self.cleaned_data.get("care_leavers")
        if upload:
            check_extract(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        uploads = [
            *(cleaned.get("applications") or []),
            cleaned.get("bookings"),
            cleaned.get("care_leavers"),
        ]
        try:
            check_total(uploads)
        except forms.ValidationError as error:
            self.add_error("applications", error)
        return cleaned
