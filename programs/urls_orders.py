"""Staff pages of the methodist's year: orders (namespace "programs")."""

urlpatterns = []
