"""Staff pages of the methodist's year: imports (namespace "programs")."""

urlpatterns = []
