"""The record of who read, exported or erased a child's personal data.

Views that show personal data call ``record_personal_data_access`` after their access check.
The record names the kind of record and its number and says in a few words what was shown —
never the data itself, so that the log can be read without widening who sees the data.
"""

from django.db import models

from centre.models import PersonalDataAccess

Access = PersonalDataAccess.Kind


def record_personal_data_access(request, obj, action=Access.VIEW, description="") -> PersonalDataAccess:
    """Record that the request's user saw (or exported, or erased) the personal data of
    ``obj``: a model instance, a model class (a list of many records), or a label string."""
    if isinstance(obj, models.Model):
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    elif isinstance(obj, type) and issubclass(obj, models.Model):
        object_type, object_id = obj._meta.label_lower, ""
    else:
        object_type, object_id = str(obj), ""
    user = getattr(request, "user", None)
    return PersonalDataAccess.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type[:100],
        object_id=object_id[:40],
        description=str(description)[:300],
        path=(request.path if request is not None else "")[:300],
    )
