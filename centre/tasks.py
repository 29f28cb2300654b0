"""Background work (django-tasks, database backend; the worker is ``manage.py db_worker``)."""

from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django_tasks import task


@task()
def send_password_reset(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Mail a password-reset link to the accounts of ``email``, if there are any.

    The account lookup happens here, in the worker, and not in the request: the reset page
    does the same work and answers in the same time whether the address is known or not."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.html",
        )
