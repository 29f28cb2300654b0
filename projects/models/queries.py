"""Query pieces the projects models share: the publication-consent check and a club's
direction (which comes from the programs of its groups)."""

from django.db import models
from django.db.models import Exists, OuterRef

from centre.models import Consent, Guardianship
from programs.models import Club, Group


def publication_consent_exists(learner_ref="learner"):
    """An Exists() that is true when the learner referred to has a valid, unwithdrawn
    publication consent given by one of the child's own guardians."""
    return Exists(
        Consent.objects.valid()
        .publication()
        .filter(learner=OuterRef(learner_ref))
        .filter(
            Exists(Guardianship.objects.filter(guardian=OuterRef("guardian"), learner=OuterRef("learner")))
        )
    )


def clubs_in_direction(direction):
    """Clubs that teach a program of a direction (a club's direction comes from its programs)."""
    return Club.objects.filter(
        Exists(Group.objects.filter(club=OuterRef("pk"), program__direction=direction))
    )


def direction_of_club_subquery(club_ref="club"):
    return models.Subquery(
        Group.objects.filter(club=OuterRef(club_ref))
        .order_by("program__direction__position")
        .values("program__direction__name")[:1]
    )
