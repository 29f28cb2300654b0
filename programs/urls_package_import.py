"""The methodist's import of a federal package: upload, preview, import."""

urlpatterns = []
