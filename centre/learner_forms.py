"""A learner's sex and ОВЗ as staff forms ask them (form 1-ДОП counts girls and boys and
children with disabilities): the learner's edit page (centre.views.learners) and the accept of
an application (programs.forms.orders). Personal data: staff pages only, never a public one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centre.models import Learner, Sex

NOT_RECORDED = _("not recorded")


def sex_choices():
    return [("", NOT_RECORDED), *Sex.choices]


def sex_field(**kwargs) -> forms.ChoiceField:
    """A learner's sex: not recorded (blank), girl or boy."""
    kwargs.setdefault("label", _("Sex"))
    return forms.ChoiceField(choices=sex_choices, required=False, widget=forms.RadioSelect, **kwargs)


def disabled_field(**kwargs) -> forms.BooleanField:
    field = Learner._meta.get_field("disabled")
    kwargs.setdefault("label", field.verbose_name)
    return forms.BooleanField(help_text=field.help_text, required=False, **kwargs)


class LearnerStatisticsForm(forms.ModelForm):
    """The learner's sex and ОВЗ, on the staff edit page."""

    sex = sex_field()
    disabled = disabled_field()

    class Meta:
        model = Learner
        fields = ["sex", "disabled"]


def record_sex_and_disabilities(learner: Learner, *, sex: str, disabled: bool) -> None:
    """What an accept adds to the child's record: a sex chosen, ОВЗ ticked (an empty choice
    and an unticked box change nothing: the learner's edit page does)."""
    changed = []
    if sex and learner.sex != sex:
        learner.sex = sex
        changed.append("sex")
    if disabled and not learner.disabled:
        learner.disabled = True
        changed.append("disabled")
    if changed:
        learner.save(update_fields=changed)
