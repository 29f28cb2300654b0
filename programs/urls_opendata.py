"""Open data: the public catalogue as CSV and JSON with its passport (programs.opendata)."""

from django.urls import path

from programs.views import opendata

urlpatterns = [
    path("opendata/", opendata.passport_page, name="opendata"),
    path("opendata/catalogue.csv", opendata.catalogue_csv, name="opendata_csv"),
    path("opendata/catalogue.json", opendata.catalogue_json, name="opendata_json"),
    path("opendata/structure.csv", opendata.structure_csv, name="opendata_structure"),
    path("opendata/meta.csv", opendata.passport_csv, name="opendata_passport"),
    path("opendata/meta.json", opendata.passport_json, name="opendata_passport_json"),
]
