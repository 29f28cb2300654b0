import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from innovation.validators import PDF_MAX_BYTES, validate_pdf
from tests.innovation.factories import PDF_BYTES


def test_a_real_pdf_passes():
    validate_pdf(SimpleUploadedFile("order.pdf", PDF_BYTES, content_type="application/pdf"))


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused():
    upload = SimpleUploadedFile("order.pdf", b"PK\x03\x04 a docx in disguise", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload)
    assert error.value.code == "not_pdf"
    assert "не читается как документ PDF" in str(error.value.messages[0])


def test_an_oversize_file_is_refused_before_reading():
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (PDF_MAX_BYTES - len(PDF_BYTES) + 1))
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload)
    assert error.value.code == "file_too_large"
    assert "Файл слишком большой" in error.value.messages[0]


def test_a_file_of_exactly_the_limit_passes():
    validate_pdf(SimpleUploadedFile("limit.pdf", PDF_BYTES + b"0" * (PDF_MAX_BYTES - len(PDF_BYTES))))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile("empty.pdf", b""))
    assert error.value.code == "file_empty"


def test_the_read_position_is_restored_for_saving():
    upload = SimpleUploadedFile("order.pdf", PDF_BYTES)
    upload.seek(3)
    validate_pdf(upload)
    assert upload.tell() == 3
