"""The figures in the words of seed 004's press release: «По программам дополнительного
образования занимаются 77,6 % (2 364 966) детей от общего числа школьников», the children
by kind of organisation, the teachers and the technical share. Sentences in the active
language, numbers formatted for it (programs.statistics.formats)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.statistics.figures import CULTURE_SPORT, EDUCATION, OTHER, SCHOOLS, Figures
from programs.statistics.formats import count, percent


def amount(learners: int, share) -> str:
    """«21,3 % (648 295)» with a share, «648 295» without."""
    if share is None:
        return count(learners)
    return f"{percent(share)} ({count(learners)})"


def _coverage(figures: Figures) -> str:
    learners = figures.totals.learners
    if figures.pupils:
        return _("%(amount)s of all schoolchildren study by programs of supplementary education.") % {
            "amount": amount(learners, figures.totals.share)
        }
    return ngettext(
        "%(children)s child studies by programs of supplementary education.",
        "%(children)s children study by programs of supplementary education.",
        learners,
    ) % {"children": count(learners)}


def _kinds(figures: Figures) -> list[str]:
    kinds = figures.kinds
    lines = []
    education = kinds[EDUCATION]
    lines.append(
        ngettext(
            "in %(organisations)s education organisation: %(amount)s",
            "in %(organisations)s education organisations: %(amount)s",
            education.organisations,
        )
        % {
            "organisations": count(education.organisations),
            "amount": amount(education.learners, education.share),
        }
    )
    schools = kinds[SCHOOLS]
    if schools.clubs or schools.learners:
        lines.append(
            ngettext(
                "in %(clubs)s club of schools: %(amount)s",
                "in %(clubs)s clubs of schools: %(amount)s",
                schools.clubs,
            )
            % {"clubs": count(schools.clubs), "amount": amount(schools.learners, schools.share)}
        )
    culture = kinds[CULTURE_SPORT]
    if culture.organisations or culture.learners:
        lines.append(
            ngettext(
                "in %(organisations)s organisation of culture and sport: %(amount)s",
                "in %(organisations)s organisations of culture and sport: %(amount)s",
                culture.organisations,
            )
            % {
                "organisations": count(culture.organisations),
                "amount": amount(culture.learners, culture.share),
            }
        )
    other = kinds[OTHER]
    if other.learners:
        lines.append(
            ngettext(
                "in %(organisations)s other organisation: %(amount)s",
                "in %(organisations)s other organisations: %(amount)s",
                other.organisations,
            )
            % {"organisations": count(other.organisations), "amount": amount(other.learners, other.share)}
        )
    return lines


def _technical(figures: Figures) -> str:
    if figures.technical_share is not None:
        return _("%(share)s of all schoolchildren are engaged in technical creativity (%(children)s).") % {
            "share": percent(figures.technical_share),
            "children": count(figures.technical_learners),
        }
    return ngettext(
        "%(children)s child is engaged in technical creativity.",
        "%(children)s children are engaged in technical creativity.",
        figures.technical_learners,
    ) % {"children": count(figures.technical_learners)}


def summary(figures: Figures) -> dict:
    """The press release's paragraphs: ``coverage``, ``organisations`` (the heading of
    ``kinds``), ``kinds`` (its items), ``teachers`` and ``technical``."""
    return {
        "coverage": _coverage(figures),
        "organisations": _("Organisations of supplementary education in all: %(organisations)s; of them:")
        % {"organisations": count(figures.organisations)},
        "kinds": _kinds(figures),
        "teachers": ngettext(
            "In all %(teachers)s teacher provides supplementary education for children.",
            "In all %(teachers)s teachers provide supplementary education for children.",
            figures.totals.teachers,
        )
        % {"teachers": count(figures.totals.teachers)},
        "technical": _technical(figures),
    }
