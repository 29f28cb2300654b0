"""Forms of the public side: the application (filled from a parent's child of «Мои дети»),
withdrawal, a parent's registration (who they are to the children)."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from centre.countries import profile_of
from centre.forms import DateInput, form_hints
from centre.forms_renderer import PYTHON_WIDGETS
from centre.models import Relation, phone_validator
from centre.validators import guard_person_names, validate_new_username
from programs.models import Application
from programs.services import group_country

PASSWORD_MAX_LENGTH = 128

PERSON_NAME_FIELDS = (
    "child_surname",
    "child_name",
    "child_patronymic",
    "guardian_surname",
    "guardian_name",
    "guardian_patronymic",
)
CHILD_FIELDS = {
    "child_surname": "surname",
    "child_name": "name",
    "child_patronymic": "patronymic",
    "child_birth_date": "birth_date",
}
GUARDIAN_FIELDS = {
    "guardian_surname": "surname",
    "guardian_name": "name",
    "guardian_patronymic": "patronymic",
    "guardian_phone": "phone",
    "guardian_email": "email",
}


class ApplicationForm(forms.ModelForm):
    """A parent's application. The model's clean() checks the child's age against the group."""

    # its widgets written in Python: the form of an enrolment rush (centre/forms_renderer.py)
    default_renderer = PYTHON_WIDGETS

    consent_processing = forms.BooleanField(
        label=_("I consent to the processing of my and my child's personal data on these terms:"),
        required=True,
        error_messages={
            "required": _(
                "Without consent to the processing of personal data we cannot accept the application."
            )
        },
    )

    class Meta:
        model = Application
        fields = [
            "child_surname",
            "child_name",
            "child_patronymic",
            "child_birth_date",
            "guardian_surname",
            "guardian_name",
            "guardian_patronymic",
            "guardian_phone",
            "guardian_email",
            "guardian_relation",
            "comment",
        ]
        widgets = {
            "child_birth_date": DateInput(),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, group, children=None, **kwargs):
        kwargs.setdefault("instance", Application(group_id=group.pk))
        super().__init__(*args, **kwargs)
        # the consent of the group's organisation's country, as application_submit stores it
        # (the page's fragment cache of the blank form is kept per country)
        self.country = group_country(group)
        self.fields["consent_processing"].help_text = profile_of(self.country).consent_text
        self.fields["guardian_relation"].label = _("Who you are to the child")
        # a parent's child of «Мои дети» the form was filled from: only their own can be named
        if children is not None:
            self.fields["child"] = forms.ModelChoiceField(
                queryset=children,
                required=False,
                widget=forms.HiddenInput,
                error_messages={"invalid_choice": _("Choose a child from your list.")},
            )
        self.fields["guardian_phone"].validators.append(phone_validator)
        guard_person_names(self, *PERSON_NAME_FIELDS)
        self.fields["guardian_phone"].help_text = _("For example +7 (913) 555-01-01.")
        self.fields["comment"].help_text = _("Anything the club should know: up to 1000 characters.")
        autocomplete = {
            "child_surname": "off",
            "child_name": "off",
            "child_patronymic": "off",
            "child_birth_date": "off",
            "guardian_surname": "family-name",
            "guardian_name": "given-name",
            "guardian_patronymic": "additional-name",
            "guardian_phone": "tel",
            "guardian_email": "email",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        form_hints(self)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.cleaned_data.get("child") is not None:
            data["child"] = self.cleaned_data["child"]
        # A form field, not the model's: required here, so the model's check that consent was
        # given (a query on every submission) is left to the service and the database.
        data["consent_processing"] = self.cleaned_data["consent_processing"]
        return data

    @staticmethod
    def initial_for(user, child=None) -> dict:
        """The logged-in parent's own details and, when they chose one of their children,
        the child's: to spare them typing (every field stays editable)."""
        guardian = getattr(user, "guardian", None) if getattr(user, "is_authenticated", False) else None
        if guardian is None:
            return {}
        initial = {field: getattr(guardian, attr) for field, attr in GUARDIAN_FIELDS.items()}
        initial["guardian_relation"] = guardian.relation
        if child is not None:
            initial.update({field: getattr(child, attr) for field, attr in CHILD_FIELDS.items()})
            initial["guardian_relation"] = child.relation or guardian.relation
            initial["child"] = child.pk
        return initial


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this application"),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you withdraw the application.")},
    )


class ParentRegistrationForm(UserCreationForm):
    surname = forms.CharField(label=_("Surname"), max_length=100)
    name = forms.CharField(label=_("First name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        validators=[phone_validator],
        help_text=_("For example +7 (913) 555-01-01."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_(
            "We send a link here to confirm it: then the applications you sent with this e-mail "
            "before registering appear in your cabinet."
        ),
    )
    relation = forms.ChoiceField(
        label=_("Who you are to the children"),
        choices=[("", "—"), *Relation.choices],
        error_messages={
            "required": _(
                "Say who you are to the children: mother, father, guardian or other legal representative."
            )
        },
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    field_order = [
        "surname",
        "name",
        "patronymic",
        "relation",
        "phone",
        "email",
        "username",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in {
            "surname": "family-name",
            "name": "given-name",
            "patronymic": "additional-name",
            "phone": "tel",
            "email": "email",
            "username": "username",
        }.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["username"].widget.attrs.pop("autofocus", None)
        guard_person_names(self, "surname", "name", "patronymic")
        # a look-alike of an existing login («dirеctor» beside director) is refused
        self.fields["username"].validators.append(validate_new_username)
        for name in ("password1", "password2"):  # bounded like every other field of the form
            self.fields[name].max_length = PASSWORD_MAX_LENGTH
            self.fields[name].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
            self.fields[name].widget.attrs["maxlength"] = str(PASSWORD_MAX_LENGTH)
        form_hints(self)

    def _post_clean(self):
        # the password must not resemble the parent's name or e-mail either
        self.instance.email = self.cleaned_data.get("email", "")
        self.instance.first_name = self.cleaned_data.get("name", "")
        self.instance.last_name = self.cleaned_data.get("surname", "")
        super()._post_clean()

    def service_data(self) -> dict:
        fields = ("surname", "name", "patronymic", "phone", "email", "relation")
        data = {name: self.cleaned_data[name] for name in fields}
        return {**data, "username": self.cleaned_data["username"], "password": self.cleaned_data["password1"]}
