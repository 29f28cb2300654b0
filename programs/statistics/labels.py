"""The words of the statistics' table (form 1-ДОП's columns) and of its kinds of
organisation, shared by the page, the print view and the XLSX."""

from django.utils.translation import gettext_lazy as _

from programs.statistics.figures import CULTURE_SPORT, EDUCATION, OTHER, SCHOOLS

# (attribute of Indicators, column heading, group heading or None)
COLUMNS = (
    ("clubs_at_schools", _("in schools' buildings"), _("Clubs")),
    ("clubs_at_centres", _("at the organisation"), _("Clubs")),
    ("groups", _("Groups"), None),
    ("learners", _("Children"), None),
    ("enrolments", _("Enrolments"), None),
    ("girls", _("Girls"), None),
    ("boys", _("Boys"), None),
    ("disabled", _("With disabilities (ОВЗ)"), None),
    ("age_5_9", _("5–9 years"), _("Children by age")),
    ("age_10_14", _("10–14 years"), _("Children by age")),
    ("age_15_17", _("15–17 years"), _("Children by age")),
    ("teachers", _("Teachers"), None),
)
SHARE = _("Share of schoolchildren")
DIRECTION = _("Direction")
TOTAL = _("All directions (a child once)")
# the table counts a club by where its groups meet, the kinds by whose club it is: two
# different "clubs at schools", worded apart and explained under the table and in the XLSX
SCHOOLS_NOTE = _(
    "Clubs in schools' buildings: the clubs of any organisation with a group meeting in a school's "
    "building. Clubs of schools: the clubs of the schools themselves (by kind of organisation)."
)

AGE_BANDS = (("age_5_9", _("5–9 years")), ("age_10_14", _("10–14 years")), ("age_15_17", _("15–17 years")))

KIND_NAMES = {
    EDUCATION: _("Education organisations"),
    SCHOOLS: _("Clubs of schools"),
    CULTURE_SPORT: _("Organisations of culture and sport"),
    OTHER: _("Other organisations"),
}
