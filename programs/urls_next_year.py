"""Staff pages of the methodist's year: next_year (namespace "programs")."""

urlpatterns = []
