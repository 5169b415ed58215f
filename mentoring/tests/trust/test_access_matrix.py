"""Who reaches what: every URL pattern of the project × persona → expected answer.

TABLE lists every URL pattern (a pattern missing from it fails), the method it is asked
with, and the status code each persona gets, in the order of PERSONAS:
anonymous, employee, mentor, mentee, member of another pair, HR admin, executive, superuser.
"·" means a redirect (302). Objects come from one world (world.py); POSTs are empty and
rolled back, and those answered 403/404/405 must change nothing.

Regenerate the observed table (to review, never to paste blindly) with
`TRUST_PRINT_MATRIX=1 .venv/bin/pytest mentoring/tests/trust/test_access_matrix.py -s`.
"""

import os
import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse

from mentoring.tests.test_login_required import endpoints

from .world import MISSING, PERSONAS, World, build_world, url_kwargs

# fmt: off
TABLE: dict[str, tuple[str, str]] = {
    "home": ("GET", "· 200 200 200 200 200 200 200"),
    "healthz": ("GET", "200 200 200 200 200 200 200 200"),
    "set_language": ("POST", "· · · · · · · ·"),
    "account_login": ("GET", "200 · · · · · · ·"),
    "account_logout": ("POST", ""),
    "account_inactive": ("GET", "200 200 200 200 200 200 200 200"),
    "account_signup": ("GET", "200 · · · · · · ·"),
    "account_reauthenticate": ("GET", "· 200 200 200 200 200 200 200"),
    "account_email": ("GET", "· 200 200 200 200 200 200 200"),
    "account_email_verification_sent": ("GET", "200 200 200 200 200 200 200 200"),
    "account_change_password": ("GET", "· 200 200 200 200 200 200 200"),
    "account_set_password": ("GET", "· · · · · · · ·"),
    "account_reset_password": ("GET", "200 200 200 200 200 200 200 200"),
    "account_confirm_login_code": ("GET", "· · · · · · · ·"),
    "account_confirm_email": ("GET", "200 200 200 200 200 200 200 200"),
    "account_reset_password_from_key_done": ("GET", "200 200 200 200 200 200 200 200"),
    "account_reset_password_from_key": ("GET", "200 200 200 200 200 200 200 200"),
    "account_reset_password_done": ("GET", "200 200 200 200 200 200 200 200"),
    "mfa_index": ("GET", "· 200 200 200 200 200 200 200"),
    "mfa_authenticate": ("GET", "· · · · · · · ·"),
    "mfa_reauthenticate": ("GET", "· · · · · · · ·"),
    "mfa_activate_totp": ("GET", "· · · · · · · ·"),
    "mfa_deactivate_totp": ("GET", "· 404 404 404 404 404 404 404"),
    "mfa_view_recovery_codes": ("GET", "· 404 404 404 404 404 404 404"),
    "mfa_generate_recovery_codes": ("GET", "· · · · · · · ·"),
    "mfa_download_recovery_codes": ("GET", "· 404 404 404 404 404 404 404"),
    "people:directory": ("GET", "· 404 404 404 404 200 404 404"),
    "people:import": ("GET", "· 404 404 404 404 200 404 404"),
    "people:import-example": ("GET", "· 404 404 404 404 200 404 404"),
    "people:profile": ("GET", "· 200 200 200 200 200 200 200"),
    "people:person": ("GET", "· 404 404 200 404 200 404 404"),
    "programmes:list": ("GET", "· 200 200 200 200 200 200 200"),
    "programmes:choose_template": ("GET", "· 404 404 404 404 200 404 404"),
    "programmes:create": ("GET", "· 404 404 404 404 200 404 404"),
    "programmes:topics": ("GET", "· 404 404 404 404 200 404 404"),
    "programmes:topic_create": ("GET", "· 404 404 404 404 200 404 404"),
    "programmes:topic_edit": ("GET", "· 404 404 404 404 200 404 404"),
    "programmes:topic_retire": ("POST", "· 404 404 404 404 · 404 404"),
    "programmes:topic_restore": ("POST", "· 404 404 404 404 · 404 404"),
    "programmes:detail": ("GET", "· 200 200 200 200 200 200 200"),
    "programmes:edit": ("GET", "· 404 404 404 404 200 404 404"),
    "programmes:duplicate": ("POST", "· 404 404 404 404 · 404 404"),
    "programmes:change_status": ("POST", "· 404 404 404 404 · 404 404"),
    "enrolments:open": ("GET", "· 200 200 200 200 200 200 200"),
    "enrolments:mine": ("GET", "· 200 200 200 200 200 200 200"),
    "enrolments:volunteer": ("GET", "· 200 · · · 200 200 200"),
    "enrolments:review_index": ("GET", "· 404 404 404 404 200 404 404"),
    "enrolments:review": ("GET", "· 404 404 404 404 200 404 404"),
    "enrolments:import": ("GET", "· 404 404 404 404 200 404 404"),
    "enrolments:import_example": ("GET", "· 404 404 404 404 200 404 404"),
    "enrolments:detail": ("GET", "· 404 404 200 404 200 404 404"),
    "enrolments:withdraw": ("POST", "· 404 404 · 404 404 404 404"),
    "enrolments:accept_charter": ("POST", "· 404 404 · 404 404 404 404"),
    "enrolments:decide": ("POST", "· 404 404 404 404 200 404 404"),
    "pairing:index": ("GET", "· 404 404 404 404 200 404 404"),
    "pairing:round": ("GET", "· 404 404 404 404 200 404 404"),
    "pairing:run": ("POST", "· 404 404 404 404 400 404 404"),
    "pairing:set_by_hand": ("POST", "· 404 404 404 404 400 404 404"),
    "pairing:publish": ("GET", "· 404 404 404 404 · 404 404"),
    "pairing:go_back": ("POST", "· 404 404 404 404 · 404 404"),
    "pairing:published": ("GET", "· 404 404 404 404 200 404 404"),
    "pairing:repair": ("POST", "· 404 404 404 404 · 404 404"),
    "pairing:allow": ("POST", "· 404 404 404 404 404 404 404"),
    "pairing:pair": ("GET", "· 404 200 200 404 200 404 404"),
    "pairing:lock": ("POST", "· 404 404 404 404 · 404 404"),
    "pairing:forbid": ("POST", "· 404 404 404 404 · 404 404"),
    "pairing:end": ("GET", "· 404 404 404 404 200 404 404"),
    "meetings:mine": ("GET", "· 200 200 200 200 200 200 200"),
    "meetings:calendar": ("GET", "· 200 200 200 200 200 200 200"),
    "meetings:feed": ("GET", "200 200 200 200 200 200 200 200"),
    "meetings:pair": ("GET", "· 404 200 200 404 200 404 404"),
    "meetings:agreement": ("GET", "· 404 200 200 404 404 404 404"),
    "meetings:add": ("GET", "· 404 200 200 404 404 404 404"),
    "meetings:log_new": ("GET", "· 404 200 200 404 404 404 404"),
    "meetings:exit": ("GET", "· 404 200 200 404 404 404 404"),
    "meetings:schedule": ("GET", "· 404 404 404 404 200 404 404"),
    "meetings:replan": ("POST", "· 404 404 404 404 · 404 404"),
    "meetings:remove_closure": ("POST", "· 404 404 404 404 404 404 404"),
    "meetings:detail": ("GET", "· 404 200 200 404 404 404 404"),
    "meetings:reschedule": ("GET", "· 404 · · 404 404 404 404"),
    "meetings:cancel": ("GET", "· 404 · · 404 404 404 404"),
    "meetings:log": ("GET", "· 404 200 200 404 404 404 404"),
    "meetings:journal": ("POST", "· 404 · · 404 404 404 404"),
    "meetings:feedback": ("GET", "· 404 200 · 404 404 404 404"),
    "meetings:invitation": ("GET", "· 404 200 200 404 404 404 404"),
    "reminders:preferences": ("GET", "· 200 200 200 200 200 200 200"),
    "reminders:hr": ("GET", "· 404 404 404 404 200 404 404"),
    "reminders:programme": ("GET", "· 404 404 404 404 200 404 404"),
    "reminders:retry": ("POST", "· 404 404 404 404 404 404 404"),
    "evaluation:dashboard": ("GET", "· 404 404 404 404 200 200 404"),
    "evaluation:indicators_csv": ("GET", "· 404 404 404 404 200 200 404"),
    "evaluation:compare": ("GET", "· 404 404 404 404 200 200 404"),
    "evaluation:monthly_report": ("GET", "· 404 404 404 404 200 200 404"),
    "evaluation:set_monthly_report": ("POST", "· 404 404 404 404 · · 404"),
    "evaluation:programme": ("GET", "· 404 404 404 404 200 200 404"),
    "evaluation:report": ("GET", "· 404 404 404 404 200 200 404"),
    "evaluation:programme_indicators_csv": ("GET", "· 404 404 404 404 200 200 404"),
    "evaluation:pairs": ("GET", "· 404 404 404 404 200 404 404"),
    "evaluation:pairs_csv": ("GET", "· 404 404 404 404 200 404 404"),
    "evaluation:setup": ("GET", "· 404 404 404 404 200 404 404"),
    "evaluation:add_question": ("POST", "· 404 404 404 404 400 404 404"),
    "evaluation:remove_question": ("POST", "· 404 404 404 404 404 404 404"),
    "evaluation:mine": ("GET", "· 200 200 200 200 200 200 200"),
    "evaluation:answer": ("GET", "· 404 404 404 404 404 404 404"),
    "evaluation:certificate": ("GET", "· 404 404 404 404 404 404 404"),
    "evaluation:testimonials": ("GET", "· 200 200 200 200 200 200 200"),
    "evaluation:review_testimonials": ("GET", "· 404 404 404 404 200 404 404"),
    "evaluation:decide_testimonial": ("POST", "· 404 404 404 404 404 404 404"),
    "privacy:my_data": ("GET", "· 200 200 200 200 200 200 200"),
    "privacy:my_data_download": ("GET", "· 200 200 200 200 200 200 200"),
    "privacy:erasures": ("GET", "· 404 404 404 404 200 404 404"),
    "privacy:erase": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:attention": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:surveys": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:nudge_pair": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:nudge_programme": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:audit": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:audit_csv": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:edit_person": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:role": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:deactivate": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:reactivate": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:certificates": ("GET", "· 404 404 404 404 200 404 404"),
    "hr:certificate": ("GET", "· 404 404 404 404 404 404 404"),
    "hr:certificates_zip": ("GET", "· 404 404 404 404 404 404 404"),
    "socialaccount_login_cancelled": ("GET", "200 200 200 200 200 200 200 200"),
    "socialaccount_login_error": ("GET", "· 401 401 401 401 401 401 401"),
    "socialaccount_signup": ("GET", "· · · · · · · ·"),
    "socialaccount_connections": ("GET", "· 200 200 200 200 200 200 200"),
    "accounts/social/login/cancelled/": ("GET", "· 301 301 301 301 301 301 301"),
    "accounts/social/login/error/": ("GET", "· 301 301 301 301 301 301 301"),
    "accounts/social/signup/": ("GET", "· 301 301 301 301 301 301 301"),
    "accounts/social/connections/": ("GET", "· 301 301 301 301 301 301 301"),
    "saml_acs": ("GET", "· · · · · · · ·"),
    "saml_finish_acs": ("GET", "404 404 404 404 404 404 404 404"),
    "saml_sls": ("GET", "404 404 404 404 404 404 404 404"),
    "saml_metadata": ("GET", "404 404 404 404 404 404 404 404"),
    "saml_login": ("GET", "404 404 404 404 404 404 404 404"),
    "openid_connect_login": ("GET", "404 404 404 404 404 404 404 404"),
    "openid_connect_callback": ("GET", "404 404 404 404 404 404 404 404"),
    "sso:settings": ("GET", "· 404 404 404 404 200 404 404"),
    "sso:domain": ("GET", "· 404 404 404 404 404 404 404"),
    "sso:delete-domain": ("POST", "· 404 404 404 404 404 404 404"),
    "scim:tokens": ("GET", "· 404 404 404 404 200 404 404"),
    "scim:token": ("GET", "· 404 404 404 404 404 404 404"),
    "scim:revoke": ("POST", "· 404 404 404 404 404 404 404"),
    "scim:root": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:config": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:resource-types": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:resource-type": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:schemas": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:schema": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:users": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:user": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:groups": ("GET", "401 401 401 401 401 401 401 401"),
    "scim:group": ("GET", "401 401 401 401 401 401 401 401"),
    "admin:index": ("GET", "· · · · · · · 200"),
    "admin:login": ("GET", "· 403 403 403 403 403 403 ·"),
    "admin:logout": ("POST", ""),
    "admin:password_change": ("GET", "· · · · · · · 200"),
    "admin:password_change_done": ("GET", "· · · · · · · 200"),
    "admin:autocomplete": ("GET", "· · · · · · · 403"),
    "admin:jsi18n": ("GET", "· · · · · · · 200"),
    "admin:view_on_site": ("GET", "· · · · · · · 404"),
    "admin:auth_group_changelist": ("GET", "· · · · · · · 200"),
    "admin:auth_group_add": ("GET", "· · · · · · · 200"),
    "admin:auth_group_history": ("GET", "· · · · · · · ·"),
    "admin:auth_group_delete": ("GET", "· · · · · · · ·"),
    "admin:auth_group_change": ("GET", "· · · · · · · ·"),
    "admin/auth/group/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:account_emailaddress_changelist": ("GET", "· · · · · · · 200"),
    "admin:account_emailaddress_add": ("GET", "· · · · · · · 200"),
    "admin:account_emailaddress_history": ("GET", "· · · · · · · 200"),
    "admin:account_emailaddress_delete": ("GET", "· · · · · · · 200"),
    "admin:account_emailaddress_change": ("GET", "· · · · · · · 200"),
    "admin/account/emailaddress/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:mfa_authenticator_changelist": ("GET", "· · · · · · · 200"),
    "admin:mfa_authenticator_add": ("GET", "· · · · · · · 200"),
    "admin:mfa_authenticator_history": ("GET", "· · · · · · · ·"),
    "admin:mfa_authenticator_delete": ("GET", "· · · · · · · ·"),
    "admin:mfa_authenticator_change": ("GET", "· · · · · · · ·"),
    "admin/mfa/authenticator/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:people_department_changelist": ("GET", "· · · · · · · 200"),
    "admin:people_department_add": ("GET", "· · · · · · · 200"),
    "admin:people_department_history": ("GET", "· · · · · · · 200"),
    "admin:people_department_delete": ("GET", "· · · · · · · 200"),
    "admin:people_department_change": ("GET", "· · · · · · · 200"),
    "admin/people/department/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:auth_user_password_change": ("GET", "· · · · · · · 404"),
    "admin:people_user_changelist": ("GET", "· · · · · · · 200"),
    "admin:people_user_add": ("GET", "· · · · · · · 200"),
    "admin:people_user_history": ("GET", "· · · · · · · 200"),
    "admin:people_user_delete": ("GET", "· · · · · · · 200"),
    "admin:people_user_change": ("GET", "· · · · · · · 200"),
    "admin/people/user/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:programmes_topic_changelist": ("GET", "· · · · · · · 200"),
    "admin:programmes_topic_add": ("GET", "· · · · · · · 200"),
    "admin:programmes_topic_history": ("GET", "· · · · · · · 200"),
    "admin:programmes_topic_delete": ("GET", "· · · · · · · 200"),
    "admin:programmes_topic_change": ("GET", "· · · · · · · 200"),
    "admin/programmes/topic/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:programmes_programme_changelist": ("GET", "· · · · · · · 200"),
    "admin:programmes_programme_add": ("GET", "· · · · · · · 200"),
    "admin:programmes_programme_history": ("GET", "· · · · · · · 200"),
    "admin:programmes_programme_delete": ("GET", "· · · · · · · 200"),
    "admin:programmes_programme_change": ("GET", "· · · · · · · 200"),
    "admin/programmes/programme/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:programmes_auditevent_changelist": ("GET", "· · · · · · · 200"),
    "admin:programmes_auditevent_add": ("GET", "· · · · · · · 403"),
    "admin:programmes_auditevent_history": ("GET", "· · · · · · · 200"),
    "admin:programmes_auditevent_delete": ("GET", "· · · · · · · 403"),
    "admin:programmes_auditevent_change": ("GET", "· · · · · · · 200"),
    "admin/programmes/auditevent/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:enrolments_enrolment_changelist": ("GET", "· · · · · · · 200"),
    "admin:enrolments_enrolment_add": ("GET", "· · · · · · · 200"),
    "admin:enrolments_enrolment_history": ("GET", "· · · · · · · 200"),
    "admin:enrolments_enrolment_delete": ("GET", "· · · · · · · 200"),
    "admin:enrolments_enrolment_change": ("GET", "· · · · · · · 200"),
    "admin/enrolments/enrolment/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:pairing_pairinground_changelist": ("GET", "· · · · · · · 200"),
    "admin:pairing_pairinground_add": ("GET", "· · · · · · · 200"),
    "admin:pairing_pairinground_history": ("GET", "· · · · · · · ·"),
    "admin:pairing_pairinground_delete": ("GET", "· · · · · · · ·"),
    "admin:pairing_pairinground_change": ("GET", "· · · · · · · ·"),
    "admin/pairing/pairinground/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:pairing_pair_changelist": ("GET", "· · · · · · · 200"),
    "admin:pairing_pair_add": ("GET", "· · · · · · · 200"),
    "admin:pairing_pair_history": ("GET", "· · · · · · · 200"),
    "admin:pairing_pair_delete": ("GET", "· · · · · · · 200"),
    "admin:pairing_pair_change": ("GET", "· · · · · · · 200"),
    "admin/pairing/pair/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:pairing_pairconstraint_changelist": ("GET", "· · · · · · · 200"),
    "admin:pairing_pairconstraint_add": ("GET", "· · · · · · · 200"),
    "admin:pairing_pairconstraint_history": ("GET", "· · · · · · · ·"),
    "admin:pairing_pairconstraint_delete": ("GET", "· · · · · · · ·"),
    "admin:pairing_pairconstraint_change": ("GET", "· · · · · · · ·"),
    "admin/pairing/pairconstraint/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:pairing_unpairedreason_changelist": ("GET", "· · · · · · · 200"),
    "admin:pairing_unpairedreason_add": ("GET", "· · · · · · · 200"),
    "admin:pairing_unpairedreason_history": ("GET", "· · · · · · · ·"),
    "admin:pairing_unpairedreason_delete": ("GET", "· · · · · · · ·"),
    "admin:pairing_unpairedreason_change": ("GET", "· · · · · · · ·"),
    "admin/pairing/unpairedreason/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:meetings_meeting_changelist": ("GET", "· · · · · · · 200"),
    "admin:meetings_meeting_add": ("GET", "· · · · · · · 200"),
    "admin:meetings_meeting_history": ("GET", "· · · · · · · 200"),
    "admin:meetings_meeting_delete": ("GET", "· · · · · · · 200"),
    "admin:meetings_meeting_change": ("GET", "· · · · · · · 200"),
    "admin/meetings/meeting/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:reminders_reminder_changelist": ("GET", "· · · · · · · 200"),
    "admin:reminders_reminder_add": ("GET", "· · · · · · · 403"),
    "admin:reminders_reminder_history": ("GET", "· · · · · · · ·"),
    "admin:reminders_reminder_delete": ("GET", "· · · · · · · 403"),
    "admin:reminders_reminder_change": ("GET", "· · · · · · · ·"),
    "admin/reminders/reminder/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:reminders_reminderpreferences_changelist": ("GET", "· · · · · · · 200"),
    "admin:reminders_reminderpreferences_add": ("GET", "· · · · · · · 403"),
    "admin:reminders_reminderpreferences_history": ("GET", "· · · · · · · ·"),
    "admin:reminders_reminderpreferences_delete": ("GET", "· · · · · · · 403"),
    "admin:reminders_reminderpreferences_change": ("GET", "· · · · · · · ·"),
    "admin/reminders/reminderpreferences/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:reminders_programmeremindersettings_changelist": ("GET", "· · · · · · · 200"),
    "admin:reminders_programmeremindersettings_add": ("GET", "· · · · · · · 403"),
    "admin:reminders_programmeremindersettings_history": ("GET", "· · · · · · · ·"),
    "admin:reminders_programmeremindersettings_delete": ("GET", "· · · · · · · 403"),
    "admin:reminders_programmeremindersettings_change": ("GET", "· · · · · · · ·"),
    "admin/reminders/programmeremindersettings/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:evaluation_evaluationsettings_changelist": ("GET", "· · · · · · · 200"),
    "admin:evaluation_evaluationsettings_add": ("GET", "· · · · · · · 200"),
    "admin:evaluation_evaluationsettings_history": ("GET", "· · · · · · · 200"),
    "admin:evaluation_evaluationsettings_delete": ("GET", "· · · · · · · 200"),
    "admin:evaluation_evaluationsettings_change": ("GET", "· · · · · · · 200"),
    "admin/evaluation/evaluationsettings/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:evaluation_survey_changelist": ("GET", "· · · · · · · 200"),
    "admin:evaluation_survey_add": ("GET", "· · · · · · · 200"),
    "admin:evaluation_survey_history": ("GET", "· · · · · · · 200"),
    "admin:evaluation_survey_delete": ("GET", "· · · · · · · 200"),
    "admin:evaluation_survey_change": ("GET", "· · · · · · · 200"),
    "admin/evaluation/survey/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:evaluation_testimonial_changelist": ("GET", "· · · · · · · 200"),
    "admin:evaluation_testimonial_add": ("GET", "· · · · · · · 200"),
    "admin:evaluation_testimonial_history": ("GET", "· · · · · · · ·"),
    "admin:evaluation_testimonial_delete": ("GET", "· · · · · · · ·"),
    "admin:evaluation_testimonial_change": ("GET", "· · · · · · · ·"),
    "admin/evaluation/testimonial/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:evaluation_completion_changelist": ("GET", "· · · · · · · 200"),
    "admin:evaluation_completion_add": ("GET", "· · · · · · · 200"),
    "admin:evaluation_completion_history": ("GET", "· · · · · · · ·"),
    "admin:evaluation_completion_delete": ("GET", "· · · · · · · ·"),
    "admin:evaluation_completion_change": ("GET", "· · · · · · · ·"),
    "admin/evaluation/completion/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:privacy_erasure_changelist": ("GET", "· · · · · · · 200"),
    "admin:privacy_erasure_add": ("GET", "· · · · · · · 403"),
    "admin:privacy_erasure_history": ("GET", "· · · · · · · ·"),
    "admin:privacy_erasure_delete": ("GET", "· · · · · · · 403"),
    "admin:privacy_erasure_change": ("GET", "· · · · · · · ·"),
    "admin/privacy/erasure/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:socialaccount_socialaccount_changelist": ("GET", "· · · · · · · 200"),
    "admin:socialaccount_socialaccount_add": ("GET", "· · · · · · · 200"),
    "admin:socialaccount_socialaccount_history": ("GET", "· · · · · · · ·"),
    "admin:socialaccount_socialaccount_delete": ("GET", "· · · · · · · ·"),
    "admin:socialaccount_socialaccount_change": ("GET", "· · · · · · · ·"),
    "admin/socialaccount/socialaccount/<path:object_id>/": ("GET", "· · · · · · · ·"),
    "admin:app_list": ("GET", "· · · · · · · 200"),
    "admin/(?P<url>.*)$": ("GET", "· · · · · · · 404"),
}
# fmt: on

SHORT = {302: "·"}
DENIED = {"403", "404", "405"}
PROJECT_APPS = (
    "people",
    "programmes",
    "enrolments",
    "pairing",
    "meetings",
    "reminders",
    "evaluation",
    "privacy",
    "hr",
)


@pytest.fixture
def world(hr_admin, executive, mentor, mentee, outsider) -> World:
    return build_world(
        hr_admin=hr_admin, executive=executive, mentor=mentor, mentee=mentee, outsider=outsider
    )


ADMIN_CHANGE = {
    f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}": model
    for model in admin.site._registry
    for view in ("change", "history", "delete")
}
# Signing out ends the client's session: allauth and Django's admin cover it.
SIGN_OUT = {"account_logout", "admin:logout"}


def _params(route: str) -> list[str]:
    return re.findall(r"<(?:[^>:]+:)?([^>]+)>", route)


def url_for(world: World, endpoint) -> str:
    """The endpoint's URL, on real objects of the world where the route takes some."""
    model = ADMIN_CHANGE.get(endpoint.key)
    if model is not None:
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            return reverse(endpoint.key, kwargs={"object_id": obj.pk})
    app = endpoint.key.split(":")[0]
    if app in PROJECT_APPS or endpoint.key == "meetings:feed":
        params = _params(endpoint.route)
        return reverse(endpoint.key, kwargs=url_kwargs(world, endpoint.route, params, endpoint.key))
    return endpoint.url


def snapshot() -> tuple:
    """Row counts of every model of the project's apps, and every pair's and session's state."""
    counts = tuple(
        model.objects.count()
        for name in PROJECT_APPS
        for model in apps.get_app_config(name).get_models()
    )
    from meetings.models import Meeting
    from pairing.models import Pair

    states = (
        tuple(Pair.objects.order_by("pk").values_list("status", "locked")),
        tuple(Meeting.objects.order_by("pk").values_list("status", "starts_at")),
    )
    return counts, states


def normalised(body: bytes, real_code: str) -> str:
    text = body.decode(errors="replace").replace(real_code, MISSING)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", text)
    return re.sub(r'nonce="[^"]*"', "nonce", text)


def clients(world: World) -> dict[str, Client]:
    result = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.people[persona])
        result[persona] = client
    return result


def is_post_only(client: Client, url: str) -> bool:
    return client.get(url).status_code == 405


def canary_hits(world: World, persona: str, body: bytes) -> list[str]:
    text = body.decode(errors="replace")
    hits = []
    # A personal journal is its author's alone (meetings.models.JournalEntry): the world's
    # is the mentor's, so even the mentee, the partner, must never read it.
    if persona != "mentor" and world.note_canary in text:
        hits.append("personal journal")
    if persona not in ("mentor", "mentee") and world.feedback_canary in text:
        hits.append("feedback")
    return hits


def observe(world: World) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """The answers each persona gets, and every broken promise met on the way."""
    by_persona = clients(world)
    observed: dict[str, tuple[str, str]] = {}
    problems: list[str] = []
    for endpoint in endpoints():
        if endpoint.key in SIGN_OUT:
            observed[endpoint.key] = ("POST", "")
            continue
        url = url_for(world, endpoint)
        method = "POST" if is_post_only(by_persona["superuser"], url) else "GET"
        codes = []
        for persona in PERSONAS:
            client = by_persona[persona]
            if method == "GET":
                response = client.get(url)
                if response.status_code == 200:
                    body = b"".join(response) if response.streaming else response.content
                    hits = canary_hits(world, persona, body)
                    if hits:
                        problems.append(f"{persona} reads the canary {hits} on {url}")
                if response.status_code == 404:
                    problems.extend(same_404(client, url, response.content, persona))
            else:
                with transaction.atomic():
                    before = snapshot()
                    response = client.post(url, {})
                    after = snapshot()
                    transaction.set_rollback(True)
                if str(response.status_code) in DENIED and before != after:
                    problems.append(f"{persona} POST {url} denied but changed data")
                if persona == "anonymous" and before != after:
                    problems.append(f"anonymous POST {url} changed data")
            if response.status_code >= 500:
                problems.append(f"{persona} {method} {url}: {response.status_code}")
            codes.append(SHORT.get(response.status_code, str(response.status_code)))
        observed[endpoint.key] = (method, " ".join(codes))
    return observed, problems


def same_404(client: Client, url: str, body: bytes, persona: str) -> list[str]:
    """An object out of reach must look exactly like one that does not exist."""
    codes = re.findall(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", urlsplit(url).path
    )
    problems = []
    for code in codes:
        if code == MISSING:
            continue
        missing = client.get(url.replace(code, str(uuid.uuid4())))
        fake = missing.request["PATH_INFO"].split("/")
        fake_code = next(part for part in fake if part not in url.split("/"))
        if missing.status_code != 404 or normalised(missing.content, fake_code) != normalised(
            body, code
        ):
            problems.append(f"{persona} {url}: 404 differs from a non-existent object's")
    return problems


def test_every_url_answers_each_persona_as_the_table_says_and_leaks_nothing(world) -> None:
    observed, problems = observe(world)
    if os.environ.get("TRUST_PRINT_MATRIX"):
        for key, (method, codes) in observed.items():
            print(f'    "{key}": ("{method}", "{codes}"),')
    if os.environ.get("TRUST_PRINT_MATRIX"):
        print("\n".join(problems))
    missing = sorted(set(observed) - set(TABLE))
    assert not missing, f"URL patterns missing from TABLE: {missing}"
    stale = sorted(set(TABLE) - set(observed))
    assert not stale, f"TABLE names URL patterns that no longer exist: {stale}"
    differences = [
        f"{key}: expected {TABLE[key]}, got {observed[key]}"
        for key in observed
        if observed[key] != TABLE[key]
    ]
    assert not differences, "\n".join(differences)
    assert not problems, "\n".join(problems)


def test_the_canaries_are_in_the_world_and_readable_by_their_authors(world, client) -> None:
    client.force_login(world.people["mentor"])
    page = client.get(reverse("meetings:detail", kwargs={"code": world.meeting.code}))
    assert world.note_canary in page.content.decode()
