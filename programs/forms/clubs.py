"""Forms of the staff pages of clubs: the club and its photos."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centre.models import Organisation
from programs.forms.choices import offered, row
from programs.images import decode_upload
from programs.models import Club
from programs.slugs import unique_slug


class ClubForm(forms.ModelForm):
    class Meta:
        model = Club
        fields = ["name", "slug", "kind", "organisation", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Latin letters, digits and hyphens; made from the name when empty.")
        self.fields["organisation"].queryset = offered(
            Organisation.objects.order_by("name"), user, "pk", keep=row(self.instance.organisation_id)
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = unique_slug(Club, cleaned["name"])
        return cleaned


class ClubPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP up to 10 MB; a thumbnail is made automatically."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        self.cleaned_data["decoded"] = decode_upload(upload)
        return upload
