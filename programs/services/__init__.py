"""Writes that touch several rows, one transaction each, by subject: applications (submit,
waiting list, reject), enrolment (accept), the waiting list that moves (offers, withdrawal,
the line's order), the program life cycle and its yearly
approval, parents' accounts. Every service is importable from ``programs.services``."""

from programs.services.applications import (
    CONSENT_TEXT,
    DuplicateApplication,
    application_reject,
    application_submit,
    application_waitlist,
    consent_text_for,
    enrolment_problem,
    group_country,
)
from programs.services.enrolment import (
    AcceptChoice,
    application_accept,
    end_enrolment,
    identity_records,
    records_to_choose_from,
)
from programs.services.parents import parent_register
from programs.services.programs import (
    program_archive,
    program_publish,
    program_renewal_approve,
    program_renewal_return,
    program_renewal_submit,
    program_renewal_target,
    program_return,
    program_save,
    program_submit_for_review,
)
from programs.services.waitlist import (
    application_withdraw,
    expire_offers,
    leave_waiting_list,
    move_in_line,
    offer_accept,
    offer_decline,
    offer_freed_places,
)

__all__ = [
    "CONSENT_TEXT",
    "consent_text_for",
    "group_country",
    "AcceptChoice",
    "DuplicateApplication",
    "application_accept",
    "application_reject",
    "application_submit",
    "application_waitlist",
    "application_withdraw",
    "end_enrolment",
    "enrolment_problem",
    "expire_offers",
    "identity_records",
    "leave_waiting_list",
    "move_in_line",
    "offer_accept",
    "offer_decline",
    "offer_freed_places",
    "parent_register",
    "program_archive",
    "program_publish",
    "program_renewal_approve",
    "program_renewal_return",
    "program_renewal_submit",
    "program_renewal_target",
    "program_return",
    "program_save",
    "program_submit_for_review",
    "records_to_choose_from",
]
