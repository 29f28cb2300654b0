"""Imports of XLSX files: programs, groups with their schedules, learners with their parents
and consents (django-import-export resources over tablib and openpyxl).

``resource_for(kind, organisation=, by=, source=)`` gives the resource of a kind of file;
programs.services.imports runs it (check, then import) for the page, the worker and the
``import_records`` command alike.
"""
