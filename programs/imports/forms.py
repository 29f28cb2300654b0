"""The upload of a file to import."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from centre.choosers import organisations_to_change
from programs.models import ImportBatch


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportBatch.Kind.choices)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_to_change(user).order_by("name")
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) filled in from the template, up to %(mb)s MB and %(rows)s rows."
        ) % {"mb": settings.IMPORT_MAX_MEGABYTES, "rows": settings.IMPORT_MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel workbook: a file ending in .xlsx."))
        if upload.size > settings.IMPORT_MAX_MEGABYTES * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB: split it into several files.")
                % {"limit": settings.IMPORT_MAX_MEGABYTES}
            )
        return upload
