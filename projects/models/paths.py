"""Where uploaded files go: a random name in a folder by kind, never the uploader's name
(it may carry a child's name). Migrations refer to these as ``projects.models.upload_*``."""

import uuid


def _random_path(folder, filename):
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"projects/{folder}/{uuid.uuid4().hex}.{suffix}"


def upload_photo(instance, filename):
    return _random_path("photos", filename)


def upload_file(instance, filename):
    return _random_path("files", filename)


def upload_diploma(instance, filename):
    return _random_path("diplomas", filename)
