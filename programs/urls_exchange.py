"""The federal package for navigators: read-only, by an organisation's API token."""

urlpatterns = []
