"""The upload of a federal package on the methodist's page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from centre.choosers import organisations_to_change

SUFFIXES = (".xml", ".json")


class PackageUploadForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Package file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xml,.json,application/xml,text/xml,application/json"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_to_change(user).order_by("name")
        self.fields["organisation"].help_text = _("Every program of the package goes into this organisation.")
        self.fields["file"].help_text = _(
            "The federal catalogue package as another system exports it (.xml, or its .json rendering), up to %(mb)s MB."
        ) % {"mb": settings.IMPORT_MAX_MEGABYTES}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Choose a package: a file ending in .xml or .json."))
        if upload.size > settings.IMPORT_MAX_MEGABYTES * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB: split it into several files.")
                % {"limit": settings.IMPORT_MAX_MEGABYTES}
            )
        return upload
