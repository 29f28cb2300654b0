"""The tenancy matrix's tables (test_tenancy_matrix.py): each object URL's arguments from one
organisation's records, the URLs outside tenancy with their reasons, the POST data that does
the real thing, and the lists' widening filters."""

import datetime


def month_of(group, month):
    return {"pk": group.pk, "year": month.year, "month": month.month}


# url name -> the URL's arguments for one organisation's records (o: worlds.build_organisation)
OBJECT_ARGS = {
    "staff_learner": lambda o: {"pk": o.learner.pk},
    "staff_learner_erase": lambda o: {"pk": o.learner.pk},
    "staff_learner_edit": lambda o: {"pk": o.learner.pk},
    "staff_consent_withdraw": lambda o: {"pk": o.learner.pk, "consent_pk": o.consent.pk},
    "programs:cabinet_withdraw": lambda o: {"pk": o.application.pk},
    "programs:staff_program": lambda o: {"pk": o.program.pk},
    "programs:staff_program_edit": lambda o: {"pk": o.program.pk},
    "programs:staff_program_submit": lambda o: {"pk": o.program.pk},
    "programs:staff_program_approve": lambda o: {"pk": o.program.pk},
    "programs:staff_program_return": lambda o: {"pk": o.program.pk},
    "programs:staff_club_edit": lambda o: {"pk": o.club.pk},
    "programs:staff_club_photo_upload": lambda o: {"pk": o.club.pk},
    "programs:staff_club_photo_delete": lambda o: {"pk": o.club.pk, "photo_pk": o.club_photo.pk},
    "programs:staff_group": lambda o: {"pk": o.group.pk},
    "programs:staff_group_edit": lambda o: {"pk": o.group.pk},
    "programs:staff_group_export": lambda o: {"pk": o.group.pk},
    "programs:staff_application": lambda o: {"pk": o.application.pk},
    "programs:staff_application_accept": lambda o: {"pk": o.application.pk},
    "programs:staff_application_waitlist": lambda o: {"pk": o.application.pk},
    "programs:staff_application_reject": lambda o: {"pk": o.application.pk},
    "projects:project_edit": lambda o: {"pk": o.project.pk},
    "projects:project_results": lambda o: {"pk": o.project.pk},
    "projects:project_media": lambda o: {"pk": o.project.pk},
    "projects:photo_delete": lambda o: {"pk": o.project.pk, "photo_pk": o.project_photo.pk},
    "projects:file_download": lambda o: {"pk": o.project.pk, "file_pk": o.project_file.pk},
    "projects:file_delete": lambda o: {"pk": o.project.pk, "file_pk": o.project_file.pk},
    "projects:diploma": lambda o: {"pk": o.result.pk},
    "projects:competition_edit": lambda o: {"pk": o.competition.pk},
    "projects:competition_results": lambda o: {"pk": o.competition.pk},
    "innovation:platform": lambda o: {"pk": o.platform.pk},
    "innovation:platform_edit": lambda o: {"pk": o.platform.pk},
    "innovation:order_create": lambda o: {"pk": o.platform.pk},
    "innovation:order_link": lambda o: {"pk": o.platform.pk},
    "innovation:order_edit": lambda o: {"pk": o.platform.pk, "order_pk": o.order.pk},
    "innovation:report_create": lambda o: {"pk": o.platform.pk},
    "innovation:report_edit": lambda o: {"pk": o.platform.pk, "report_pk": o.report.pk},
    "innovation:product_create": lambda o: {"pk": o.platform.pk},
    "innovation:product_edit": lambda o: {"pk": o.platform.pk, "product_pk": o.product.pk},
    "mentoring:program_update": lambda o: {"pk": o.mentoring_program.pk},
    "mentoring:pair_detail": lambda o: {"pk": o.pair.pk},
    "mentoring:pair_update": lambda o: {"pk": o.pair.pk},
    "mentoring:pair_status": lambda o: {"pk": o.pair.pk},
    "mentoring:meeting_create": lambda o: {"pk": o.pair.pk},
    "mentoring:plan_item_create": lambda o: {"pk": o.pair.pk},
    "mentoring:plan_item_toggle": lambda o: {"pk": o.pair.pk, "item_pk": o.plan_item.pk},
    "mentoring:feedback_create": lambda o: {"pk": o.pair.pk},
    # the waiting list and the requests to leave a club
    "programs:staff_waiting_list": lambda o: {"pk": o.group.pk},
    "programs:staff_application_move": lambda o: {"pk": o.waiting.pk},
    "programs:staff_leave_request": lambda o: {"pk": o.leave.pk},
    "programs:staff_leave_decide": lambda o: {"pk": o.leave.pk},
    # the parent's own (A's parent: B's parent's are another parent's)
    "programs:child_edit": lambda o: {"pk": o.child.pk},
    "programs:child_remove": lambda o: {"pk": o.child.pk},
    "programs:cabinet_leave": lambda o: {"pk": o.enrolled.pk},
    # the methodist's year
    "programs:staff_next_year_children": lambda o: {"pk": o.next_group.pk},
    "programs:staff_order": lambda o: {"pk": o.signed_order.pk},
    "programs:staff_order_sign": lambda o: {"pk": o.draft_order.pk},
    "programs:staff_order_paper": lambda o: {"pk": o.draft_order.pk},
    "programs:staff_order_remove": lambda o: {"pk": o.draft_order.pk, "enrolment_pk": o.drafted.pk},
    "programs:staff_order_print": lambda o: {"pk": o.signed_order.pk},
    "programs:staff_order_export": lambda o: {"pk": o.signed_order.pk},
    "programs:staff_enrolment_end": lambda o: {"pk": o.enrolment.pk},
    "programs:attendance_calendar_remove": lambda o: {"pk": o.calendar_day.pk},
    "programs:attendance_lesson": lambda o: {"pk": o.open_lesson.pk},
    "programs:attendance_lesson_clear": lambda o: {"pk": o.open_lesson.pk},
    "programs:attendance_group": lambda o: {"pk": o.group.pk},
    "programs:attendance_child_rates": lambda o: {"pk": o.group.pk},
    "programs:attendance_register": lambda o: month_of(o.group, o.open_month),
    "programs:attendance_close": lambda o: month_of(o.group, o.open_month),
    "programs:attendance_reopen": lambda o: month_of(o.group, o.closed_month),
    "programs:attendance_timesheet": lambda o: month_of(o.group, o.closed_month),
    "programs:staff_import": lambda o: {"pk": o.bad_import.pk},
    "programs:staff_import_run": lambda o: {"pk": o.import_batch.pk},
    "programs:staff_import_errors": lambda o: {"pk": o.bad_import.pk},
    "programs:staff_next_year_move_undo": lambda o: {"pk": o.moved.pk},
    # the exchange: a package uploaded by the organisation's methodist
    "programs:staff_package_import": lambda o: {"pk": o.package_import.pk},
    "programs:staff_package_import_run": lambda o: {"pk": o.package_import.pk},
}

# URLs with an object that is no organisation's staff record, each with the reason.
OUTSIDE_TENANCY = {
    "choose_language": "the argument is a language's code, not a record",
    "password_reset_confirm": "a one-time link of a login, not an organisation's record",
    "programs:club": "the public catalogue is one for every organisation's published clubs",
    "programs:apply": "the public application form of a published group",
    "programs:application_status": "the applicant's private link: the token is the key",
    "programs:application_submitted": "the applicant's private link: the token is the key",
    "programs:application_withdraw": "the applicant's private link: the token is the key",
    "programs:application_withdraw_confirm": "the applicant's private link: the token is the key",
    "programs:offer_accept": "the applicant's private link: the token is the key",
    "programs:offer_decline": "the applicant's private link: the token is the key",
    "programs:confirm_email": "a signed link of a parent's e-mail, not an organisation's record",
    "projects:project": "the public showcase (public projects of every organisation)",
    "projects:photo": "the public showcase's photos",
    # a catalogue group's public calendar and a teacher's by a token: test_tenancy_exchange.py
    "programs:group_calendar": "the public calendar of a catalogue group (a draft's: 404)",
    "programs:teacher_calendar": "a teacher's private address: the token is the key",
    "programs:staff_import_template": "a blank of a kind of import, not a record (its contents are "
    "searched for the other organisation's by test_the_import_templates_name_none_of_the_other_"
    "organisations_records)",
}

TODAY = datetime.date.today().isoformat()

# the arguments of URLs outside the tenancy that still take some (for the authority's POSTs)
NO_RECORD_ARGS = {"programs:staff_import_template": lambda o: {"kind": "learners"}}

# A POST with these fields does the real thing (an empty one stops at the form's errors).
POST_DATA = {
    "staff_learner_erase": {"reason": "Заявление родителя от 01.12.2026", "confirm": "on"},
    "staff_learner_edit": {"sex": "f", "disabled": "on"},
    "programs:staff_application_reject": {"reason": "Нет мест", "confirmed": "1"},
    "programs:staff_application_move": {"position": "1", "reason": "Решение комиссии"},
    "programs:staff_leave_decide": {"decision": "approve", "comment": "Приказ № 5"},
    "programs:child_edit": {"surname": "Захватов", "name": "Игнат", "birth_date": "2014-06-07"},
    "programs:cabinet_leave": {"reason": "Переезд"},
    # the methodist's year: confirmed, so that a leak would act
    "programs:staff_order_sign": {"confirmed": "1", "number": "99-у", "signed_on": TODAY},
    "programs:staff_order_paper": {"confirmed": "1", "number": "98-у", "signed_on": TODAY},
    "programs:staff_order_remove": {"confirmed": "1"},
    "programs:staff_enrolment_end": {"confirmed": "1", "reason": "other", "left_on": TODAY},
    "programs:attendance_lesson": {"all_present": "1"},
    "programs:attendance_lesson_clear": {"confirmed": "1"},
    "programs:attendance_calendar_remove": {"confirmed": "1"},
    "programs:attendance_close": {"confirmed": "1"},
    "programs:attendance_reopen": {"confirmed": "1"},
    "programs:staff_next_year_children": {"confirmed": "1"},
    "programs:staff_import_run": {"confirmed": "1"},
    "programs:staff_next_year_move_undo": {"confirmed": "1"},
    "programs:staff_package_import_run": {"confirmed": "1"},
    "mentoring:pair_status": {
        "status": "terminated",
        "on": datetime.date.today().isoformat(),
        "reason": "Переезд",
    },
}

# Query strings that widen a list beyond its default filter, so that every row is shown.
LIST_QUERIES = {
    "programs:staff_applications": [{"status": ""}, {"status": "new"}],
    "projects:staff_results": [{"year": ""}],
    "projects:staff_projects": [{"year": ""}],
    "projects:gifted_bank": [{"level": ""}],
    "programs:staff_leave_requests": [{"show": "all"}],
}
