"""Staff pages of the methodist's year: attendance (namespace "programs")."""

urlpatterns = []
