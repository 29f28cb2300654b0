"""Open data: the public catalogue as CSV and JSON with its passport."""

urlpatterns = []
