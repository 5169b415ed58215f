"""The register of personal data: every field of every model Tandem stores, classified.

One entry per field of the project's own models and of the few third-party models that
hold personal data (accounts, sessions, second factors, the admin's history). A test
(privacy/tests/test_register.py) walks the installed models and fails when a field is
missing here or listed here but gone; docs/data-register.md is generated from this file
(`python manage.py data_register`) and a test checks that it is up to date.

Categories:
- personal: identifies a person, or says what a person is, chose, did or wrote (a row
  that belongs to a person makes its fields personal).
- sensitive: personal data whose disclosure would hurt: self-declared gender and what is
  derived from it, what pairs confide (personal journals, feedback, exit reasons, survey
  free text), and
  the secrets of an account.
- not personal: about programmes, topics and the machinery, or a bare identifier.

`on_erasure` says what privacy.services.erase_person does to a personal or sensitive
field: deleted (the row goes), cleared, replaced, or kept (detached: the account it
points to is anonymised).
"""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

PERSONAL = "personal"
SENSITIVE = "sensitive"
NOT_PERSONAL = "not personal"
CATEGORIES = (PERSONAL, SENSITIVE, NOT_PERSONAL)

# Third-party models that hold personal data; the project's own apps are found by path.
THIRD_PARTY_MODELS = (
    "account.EmailAddress",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "sessions.Session",
    "admin.LogEntry",
    "socialaccount.SocialAccount",
)
DOCUMENT = Path(settings.BASE_DIR) / "docs" / "data-register.md"


@dataclass(frozen=True)
class Entry:
    category: str
    purpose: str
    on_erasure: str = ""


@dataclass(frozen=True)
class ModelEntry:
    purpose: str
    fields: dict[str, Entry]


def personal(purpose: str, on_erasure: str) -> Entry:
    return Entry(PERSONAL, purpose, on_erasure)


def sensitive(purpose: str, on_erasure: str) -> Entry:
    return Entry(SENSITIVE, purpose, on_erasure)


def plain(purpose: str) -> Entry:
    return Entry(NOT_PERSONAL, purpose)


ID = plain("Row identifier, internal.")
CODE = plain("Random identifier used in URLs instead of the row id.")
KEPT = "kept, detached"
LINK_KEPT = "kept: points to the anonymised account"
PROGRAMME = plain("The programme it belongs to.")

REGISTER: dict[str, ModelEntry] = {
    # --- people ------------------------------------------------------------------------
    "people.DirectoryEvent": ModelEntry(
        "A dated change in the directory (left, came back, grade changed), for the outcomes "
        "of the programmes (retention and promotion, in aggregate only).",
        {
            "id": ID,
            "person": personal("Whose change.", LINK_KEPT),
            "kind": personal("Left, came back or grade changed.", KEPT),
            "on": personal("When.", KEPT),
            "before": personal("The grade before.", KEPT),
            "after": personal("The grade after.", KEPT),
            "source": plain("Where the fact came from."),
            "recorded_at": plain("When it was recorded."),
        },
    ),
    "people.Department": ModelEntry(
        "Departments of the directory, for pairing diversity and the reporting rule.",
        {"id": ID, "code": CODE, "name": plain("The department's name.")},
    ),
    "people.User": ModelEntry(
        "An employee: their account, their directory record (imported by HR) and roles.",
        {
            "id": plain("Row identifier; every record of the person points to it."),
            "password": sensitive("Password hash, to sign in.", "replaced by an unusable one"),
            "last_login": personal("When the person last signed in.", "cleared"),
            "is_superuser": personal("Access to everything in the Django admin.", "cleared"),
            "code": personal("Identifier in URLs (the directory page).", "replaced"),
            "email": personal(
                "Sign-in and every email Tandem sends.",
                "replaced by a unique placeholder at erased.invalid",
            ),
            "name": personal(
                "Shown to the pair, to HR, on certificates.", "replaced: Former employee #n"
            ),
            "preferred_language": personal("Language of pages and emails.", "reset"),
            "time_zone": personal("Session times in the person's local time.", "reset"),
            "department": personal("Pairing diversity; HR's directory.", "cleared"),
            "job_title": personal("HR's directory.", "cleared"),
            "grade": personal("The reverse rule: a mentor is below the mentee.", "cleared"),
            "manager": personal(
                "The reporting-line rule: nobody mentors in their own line.", "cleared"
            ),
            "hired_on": personal("Tenure rules for mentors.", "cleared"),
            "generation": personal("Pairing diversity (a band, never a birth date).", "cleared"),
            "site": personal("Pairing affinity (same site).", "cleared"),
            "country": personal("Pairing diversity.", "cleared"),
            "languages": personal("Pairing affinity (a shared language).", "cleared"),
            "is_hr_admin": personal("Role given by HR.", "cleared"),
            "is_executive": personal("Role given by HR.", "cleared"),
            "is_active": personal("Whether the person may sign in.", "set to false"),
            "is_staff": personal("Access to the Django admin.", "cleared"),
            "date_joined": personal("When the account was made.", KEPT),
            "groups": personal("Django permission groups.", "cleared"),
            "user_permissions": personal("Django permissions.", "cleared"),
        },
    ),
    # --- programmes ----------------------------------------------------------------------
    "programmes.Topic": ModelEntry(
        "The catalogue of skills exchanged.",
        {
            "id": ID,
            "code": CODE,
            "slug": plain("Stable short name, for import files."),
            "name_en": plain("Name in English."),
            "name_fr": plain("Name in French."),
            "kind": plain("Taught by mentors or given back by mentees."),
            "retired_on": plain("When the topic left the catalogue."),
        },
    ),
    "programmes.Programme": ModelEntry(
        "A programme as HR sets it up: objective, frame, charter, reverse rule.",
        {
            "id": ID,
            "code": CODE,
            "slug": plain("Short name for command-line tools."),
            "name_en": plain("The programme's name, in English."),
            "name_fr": plain("The programme's name, in French."),
            "description_en": plain("What the programme is for, in English."),
            "description_fr": plain("What the programme is for, in French."),
            "status": plain("Lifecycle status."),
            "sponsor": personal("The executive who backs it.", LINK_KEPT),
            "start_on": plain("The frame: start date."),
            "duration_months": plain("The frame: 3 to 6 months."),
            "cadence": plain("The frame: how often pairs meet."),
            "session_minutes": plain("The frame: session length."),
            "format": plain("The frame: conversations, project, crossed feedback."),
            "meeting_mode": plain("The frame: on site, video, hybrid."),
            "place_en": plain("Where sessions take place, or a video link, in English."),
            "place_fr": plain("Where sessions take place, or a video link, in French."),
            "enrolment_opens_on": plain("The enrolment window."),
            "enrolment_closes_on": plain("The enrolment window."),
            "max_mentees_per_mentor": plain("The frame: a mentor's largest capacity."),
            "charter_en": plain("The rules of the game, in English."),
            "charter_fr": plain("The rules of the game, in French."),
            "closing_message_en": plain("HR's closing words to participants, in English."),
            "closing_message_fr": plain("HR's closing words to participants, in French."),
            "min_grade_gap": plain("The reverse rule."),
            "mentee_min_grade": plain("Eligibility of mentees."),
            "mentor_max_tenure_years": plain("Eligibility of mentors."),
            "created_by": personal("Which HR admin created it.", LINK_KEPT),
            "created_at": plain("When it was created."),
            "updated_at": plain("When it was last edited."),
            "managers": personal("The HR admins who run it.", "the person is removed"),
            "topics": plain("Topics in scope."),
        },
    ),
    "programmes.Objective": ModelEntry(
        "What a programme means to change, with an optional measurable target.",
        {
            "id": ID,
            "programme": PROGRAMME,
            "position": plain("Order on the page."),
            "sentence_en": plain("The objective, in English."),
            "sentence_fr": plain("The objective, in French."),
            "target_percent": plain("The target."),
            "metric_en": plain("What the target measures, in English."),
            "metric_fr": plain("What the target measures, in French."),
            "topics": plain("Topics the objective is about."),
        },
    ),
    # --- audit -------------------------------------------------------------------------
    "audit.Entry": ModelEntry(
        "The append-only trail of every decision (docs/hr.md): who, when, what, about whom. "
        "No free text: names are read through the links.",
        {
            "id": ID,
            "code": CODE,
            "at": personal("When the decision was taken.", KEPT),
            "kind": personal("Which decision.", KEPT),
            "actor": personal("Who took it.", LINK_KEPT),
            "person": personal("Whom it was about.", LINK_KEPT),
            "programme": PROGRAMME,
            "target": personal("What it was about, by its random code.", KEPT),
            "changes": personal(
                "Before and after: statuses, role flags, grades, dates; never text.", KEPT
            ),
            "details": personal("Counts and codes: pairs, emails, a role, field names.", KEPT),
        },
    ),
    "programmes.AuditEvent": ModelEntry(
        "Who changed what in a programme, and when.",
        {
            "id": ID,
            "programme": PROGRAMME,
            "actor": personal("Who made the change.", LINK_KEPT),
            "at": personal("When they made it.", KEPT),
            "action": plain("What kind of change."),
            "changes": personal(
                "Old and new values; sponsor and managers by name.",
                "the person's name replaced by Former employee #n",
            ),
        },
    ),
    # --- enrolments ----------------------------------------------------------------------
    "enrolments.Enrolment": ModelEntry(
        "A volunteer's application to a programme, and HR's decision on it.",
        {
            "id": ID,
            "code": CODE,
            "programme": PROGRAMME,
            "person": personal("Who volunteered.", LINK_KEPT),
            "role": personal("Mentor or mentee: participation figures.", KEPT),
            "status": personal(
                "Where the application stands.", "withdrawn if it was still waiting for a pair"
            ),
            "source": personal("Volunteered in Tandem or imported by HR.", KEPT),
            "motivation": personal("Why they volunteer, for HR's review.", "cleared"),
            "languages": personal("Pairing affinity.", "cleared"),
            "availability": personal("Pairing affinity (time slots).", "reset to flexible"),
            "preferred_mode": personal("Pairing affinity.", "cleared"),
            "gender": sensitive(
                "Self-declared, with consent, for diversity in pairing only.", "cleared"
            ),
            "gender_consent": sensitive("Consent to the use of gender in pairing.", "cleared"),
            "capacity": personal("How many mentees a mentor takes.", KEPT),
            "charter_accepted_at": personal("Proof the charter was accepted.", KEPT),
            "submitted_at": personal("When they volunteered.", KEPT),
            "decision_reason": personal(
                "HR's reason, sent to the volunteer.", "cleared ([erased] where required)"
            ),
            "decided_by": personal("Which HR admin decided.", LINK_KEPT),
            "decided_at": personal("When HR decided.", KEPT),
            "withdrawal_reason": personal("Why they withdrew.", "cleared"),
            "withdrawn_at": personal("When they withdrew.", KEPT),
            "rather_not": personal("People they would rather not be paired with.", "deleted"),
            "return_topics": personal("What they want in return, or can give back.", KEPT),
        },
    ),
    "enrolments.EnrolmentTopic": ModelEntry(
        "A volunteer's topic: a mentor's level, a mentee's priority and baseline confidence.",
        {
            "id": ID,
            "enrolment": personal("Whose topic it is.", LINK_KEPT),
            "topic": plain("The topic."),
            "level": personal("A mentor's level, for pairing.", KEPT),
            "priority": personal("A mentee's priority, for pairing.", KEPT),
            "confidence": personal("A mentee's confidence: the evaluation's baseline.", KEPT),
        },
    ),
    # --- pairing -------------------------------------------------------------------------
    "pairing.PairingRound": ModelEntry(
        "One run of the pairing solver, with its figures.",
        {
            "id": ID,
            "code": CODE,
            "programme": PROGRAMME,
            "scope": plain("Every volunteer, or one person to re-pair."),
            "person": personal("The enrolment to re-pair, if any.", LINK_KEPT),
            "run_by": personal("Which HR admin ran it.", LINK_KEPT),
            "status": plain("Queued, running, done, failed."),
            "progress": plain("Progress bar."),
            "stage": plain("Progress bar."),
            "error": personal(
                "Why it failed; may name a locked pair's members.",
                "the person's name replaced by Former employee #n",
            ),
            "weights": plain("How the solver weighed the criteria."),
            "queued_at": plain("History."),
            "started_at": plain("History."),
            "finished_at": plain("History."),
            "mentor_count": plain("Figures of the round."),
            "mentee_count": plain("Figures of the round."),
            "paired_count": plain("Figures of the round."),
            "unpaired_count": plain("Figures of the round."),
            "locked_count": plain("Figures of the round."),
            "total_score": plain("Figures of the round."),
            "goal": plain("As many pairs as possible, or only pairs of at least a given score."),
            "min_score": plain("The lowest score accepted, with the second goal."),
            "replaced_count": plain("Figures of the round: the proposals it replaced."),
            "went_back_at": plain("History: when HR went back to the earlier proposals."),
        },
    ),
    "pairing.Pair": ModelEntry(
        "A mentor and a mentee: proposed by a round, published, ended.",
        {
            "id": ID,
            "code": CODE,
            "programme": PROGRAMME,
            "round": plain("The round that proposed it."),
            "mentor": personal("The mentor's enrolment.", LINK_KEPT),
            "mentee": personal("The mentee's enrolment.", LINK_KEPT),
            "mentor_person": personal("The mentor.", LINK_KEPT),
            "mentee_person": personal("The mentee.", LINK_KEPT),
            "status": personal(
                "Proposed, active, ended.", "active pairs end; proposals are deleted"
            ),
            "score": personal("How good a match the solver found.", KEPT),
            "parts": personal("The score's parts.", KEPT),
            "reasons": sensitive(
                "Why the pair was proposed, worded from both profiles (may imply genders).",
                "cleared",
            ),
            "locked": plain("HR kept this proposal."),
            "set_by_hand": plain("HR made this proposal."),
            "created_at": plain("History."),
            "published_at": personal("When the pair started.", KEPT),
            "published_by": personal("Which HR admin published it.", LINK_KEPT),
            "ended_at": personal("When the pair ended.", KEPT),
            "ended_by": personal("Who ended it.", LINK_KEPT),
            "end_reason": personal("Why it ended (a choice).", KEPT),
            "end_note": personal("HR's words on why it ended.", "cleared"),
        },
    ),
    "pairing.PairConstraint": ModelEntry(
        "HR's standing decision on a mentor and a mentee: never, or keep them together.",
        {
            "id": ID,
            "code": CODE,
            "programme": PROGRAMME,
            "kind": personal("Forbidden or locked.", "deleted"),
            "mentor": personal("The mentor's enrolment.", "deleted"),
            "mentee": personal("The mentee's enrolment.", "deleted"),
            "created_by": personal("Which HR admin decided.", LINK_KEPT),
            "created_at": plain("History."),
        },
    ),
    "pairing.UnpairedReason": ModelEntry(
        "Why a round left a volunteer unpaired.",
        {
            "id": ID,
            "round": plain("The round."),
            "enrolment": personal("Who was left unpaired.", LINK_KEPT),
            "reasons": personal("Why, as codes and numbers.", "cleared"),
        },
    ),
    "pairing.ReplacedProposal": ModelEntry(
        "A proposal a later round replaced: HR compares the two and may go back to it.",
        {
            "id": ID,
            "round": plain("The round that replaced it."),
            "proposed_by": plain("The round that had proposed it."),
            "mentor": personal("The mentor's enrolment.", LINK_KEPT),
            "mentee": personal("The mentee's enrolment.", LINK_KEPT),
            "score": personal("How good a match the solver found.", KEPT),
            "parts": personal("The score's parts.", KEPT),
            "reasons": sensitive(
                "Why the pair was proposed, worded from both profiles (may imply genders).",
                "cleared",
            ),
            "locked": plain("HR kept this proposal."),
            "set_by_hand": plain("HR made this proposal."),
        },
    ),
    # --- meetings --------------------------------------------------------------------------
    "meetings.Meeting": ModelEntry(
        "A pair's session: planned, held (logged by the pair) or cancelled.",
        {
            "id": ID,
            "code": CODE,
            "pair": personal("Whose session it is.", LINK_KEPT),
            "status": personal("Planned, held, cancelled: participation figures.", KEPT),
            "origin": plain("From the schedule, or added by the pair."),
            "starts_at": personal("When the pair meets.", KEPT),
            "duration_minutes": personal("How long: participation figures.", KEPT),
            "mode": personal("How they meet.", KEPT),
            "place": personal(
                "A room or an address.", "cleared where the person added the session"
            ),
            "video_link": personal(
                "The session's video call address.", "cleared where the person added the session"
            ),
            "planned_for": plain("The programme date the session stands for."),
            "moved_because": plain("Why it is not on that date (weekend, holiday…)."),
            "outside_availability": plain("Planned in working hours: no common availability."),
            "sequence": plain("Calendar invitation version."),
            "takeaways": sensitive(
                "What the pair takes away, shared by its two members.",
                "cleared where the person logged the session",
            ),
            "next_steps": sensitive(
                "What the pair does next, shared by its two members.",
                "cleared where the person logged the session",
            ),
            "logged_at": personal("When the session was logged.", KEPT),
            "logged_by": personal("Which member logged it.", LINK_KEPT),
            "cancelled_at": personal("When it was cancelled.", KEPT),
            "cancelled_by": personal("Who cancelled it.", LINK_KEPT),
            "cancel_reason": personal(
                "Why it was cancelled.", "replaced by [erased] where the person cancelled"
            ),
            "created_by": personal("Who added it.", LINK_KEPT),
            "created_at": plain("History."),
            "updated_at": plain("History."),
            "topics": personal("Topics covered: evaluation of topics.", KEPT),
        },
    ),
    "meetings.JournalEntry": ModelEntry(
        "A member's personal journal on a session: its author reads it, nobody else.",
        {
            "id": ID,
            "meeting": sensitive("The session.", "deleted"),
            "author": sensitive("Who wrote it, and the only reader.", "deleted"),
            "text": sensitive(
                "The journal. Deleted PRIVATE_NOTES_RETENTION_MONTHS after the programme ends.",
                "deleted",
            ),
            "created_at": sensitive("When it was written.", "deleted"),
            "updated_at": sensitive("When it was last changed.", "deleted"),
        },
    ),
    "meetings.Feedback": ModelEntry(
        "A member's feedback after a held session.",
        {
            "id": ID,
            "meeting": personal("The session.", KEPT),
            "author": personal("Who gave it.", LINK_KEPT),
            "rating": personal("How it went, 1 to 5: satisfaction figures.", KEPT),
            "learned": sensitive("What the member learned, for the other member.", "cleared"),
            "taught": sensitive("What the member taught, for the other member.", "cleared"),
            "created_at": personal("When it was given.", KEPT),
        },
    ),
    "meetings.Agreement": ModelEntry(
        "What a pair agreed at its first session.",
        {
            "id": ID,
            "pair": personal("Whose agreement.", LINK_KEPT),
            "mentor_learns": personal("The mentor's goals.", "cleared if the person is the mentor"),
            "mentor_teaches": personal(
                "The mentor's offer.", "cleared if the person is the mentor"
            ),
            "mentee_learns": personal("The mentee's goals.", "cleared if the person is the mentee"),
            "mentee_teaches": personal(
                "The mentee's offer.", "cleared if the person is the mentee"
            ),
            "cadence": personal("How often they meet.", KEPT),
            "channel": personal("How they meet.", KEPT),
            "channel_details": personal("A room, a tool, a phone number.", "cleared"),
            "updated_by": personal("Who changed it last.", LINK_KEPT),
            "created_at": plain("History."),
            "updated_at": plain("History."),
        },
    ),
    "meetings.ExitRequest": ModelEntry(
        "A member's no-fault request to HR to end their pair; HR alone reads the reason.",
        {
            "id": ID,
            "code": CODE,
            "pair": sensitive("The pair.", "deleted"),
            "by": sensitive("Who asked.", "deleted"),
            "reason": sensitive(
                "Why, for HR. Deleted PRIVATE_NOTES_RETENTION_MONTHS after the programme ends.",
                "deleted",
            ),
            "created_at": sensitive("When it was asked.", "deleted"),
            "withdrawn_at": sensitive("When it was withdrawn.", "deleted"),
        },
    ),
    "meetings.ClosurePeriod": ModelEntry(
        "Days HR closes on a programme: no session is planned on them.",
        {
            "id": ID,
            "code": CODE,
            "programme": PROGRAMME,
            "first_day": plain("First closed day."),
            "last_day": plain("Last closed day."),
            "label": plain("What it is (a company closure)."),
            "created_at": plain("History."),
        },
    ),
    "meetings.CalendarFeed": ModelEntry(
        "A person's private calendar address for their sessions.",
        {
            "id": ID,
            "person": personal("Whose calendar.", "deleted"),
            "token": sensitive("The secret in the address.", "deleted"),
            "created_at": personal("When it was made.", "deleted"),
        },
    ),
    # --- reminders -------------------------------------------------------------------------
    "reminders.Reminder": ModelEntry(
        "An email reminder: due, sent once, or failed where HR sees it.",
        {
            "id": ID,
            "code": CODE,
            "kind": personal("Which reminder.", KEPT),
            "status": personal("Pending, sent, failed…", "cancelled if still to be sent"),
            "recipient": personal("Who receives it.", LINK_KEPT),
            "programme": PROGRAMME,
            "pair": personal("The pair it is about.", LINK_KEPT),
            "meeting": personal("The session it is about.", LINK_KEPT),
            "dedupe_key": plain("Which reminder it is, so that it is sent once."),
            "context": personal(
                "Times and counters checked again when it is sent; in HR's message to a pair, "
                "HR's own line.",
                "HR's line cleared from the messages to the person's pairs",
            ),
            "due_at": personal("When it is due.", KEPT),
            "claim": plain("Which worker is sending it."),
            "claimed_at": plain("When a worker claimed it."),
            "attempts": plain("Delivery attempts."),
            "last_error": personal("The mail server's answer, may quote the address.", "cleared"),
            "sent_at": personal("When it was sent.", KEPT),
            "created_at": plain("History."),
            "updated_at": plain("History."),
        },
    ),
    "reminders.ReminderPreferences": ModelEntry(
        "Which reminders a person receives.",
        {
            "id": ID,
            "person": personal("Whose preferences.", "deleted"),
            "upcoming_session": personal("A choice of the person.", "deleted"),
            "log_nudge": personal("A choice of the person.", "deleted"),
            "feedback_request": personal("A choice of the person.", "deleted"),
            "updated_at": personal("When they changed it.", "deleted"),
        },
    ),
    "reminders.ProgrammeReminderSettings": ModelEntry(
        "How a programme reminds its pairs.",
        {"id": ID, "programme": PROGRAMME, "days_before": plain("Days before a session.")},
    ),
    # --- evaluation ------------------------------------------------------------------------
    "evaluation.EvaluationSettings": ModelEntry(
        "HR's evaluation settings of a programme.",
        {
            "id": ID,
            "programme": PROGRAMME,
            "target_population": plain("Coverage target."),
            "certificate_min_sessions": plain("Certificate rule."),
            "certificate_needs_final_review": plain("Certificate rule."),
            "closed_at": plain("When the programme's completion was recorded."),
        },
    ),
    "evaluation.Survey": ModelEntry(
        "A programme's baseline, mid-point or final survey.",
        {"id": ID, "code": CODE, "programme": PROGRAMME, "kind": plain("Which survey.")},
    ),
    "evaluation.Question": ModelEntry(
        "A survey question, built in or added by HR.",
        {
            "id": ID,
            "code": CODE,
            "survey": plain("The survey."),
            "position": plain("Order."),
            "key": plain("What it measures."),
            "kind": plain("Kind of answer."),
            "audience": plain("Who is asked."),
            "per_topic": plain("Asked once per topic."),
            "required": plain("Must be answered."),
            "text_en": plain("The question in English."),
            "text_fr": plain("The question in French."),
            "added_by": personal("Which HR admin added it.", LINK_KEPT),
        },
    ),
    "evaluation.Response": ModelEntry(
        "A person's invitation to a survey, and whether they answered.",
        {
            "id": ID,
            "code": CODE,
            "survey": plain("The survey."),
            "enrolment": personal("Whose response.", LINK_KEPT),
            "created_at": personal("Response rates.", KEPT),
            "invited_at": personal("Response rates.", KEPT),
            "reminders_sent": personal("Response rates.", KEPT),
            "reminded_at": personal("Response rates.", KEPT),
            "answered_at": personal("Response rates.", KEPT),
        },
    ),
    "evaluation.Answer": ModelEntry(
        "One answer of a response.",
        {
            "id": ID,
            "response": personal("Whose answer.", LINK_KEPT),
            "question": plain("The question."),
            "topic": plain("The topic, for questions asked per topic."),
            "programme": plain("Copied from the survey, for the dashboards' index."),
            "enrolment": personal("Copied from the response: whose answer.", LINK_KEPT),
            "survey_kind": plain("Copied from the survey."),
            "key": plain("Copied from the question: what it measures."),
            "value": personal("A number: the evaluation's indicators.", KEPT),
            "text": sensitive("Free text, read by HR without names.", "cleared"),
        },
    ),
    "evaluation.Testimonial": ModelEntry(
        "A quote from a final review, kept only with consent to publish it.",
        {
            "id": ID,
            "code": CODE,
            "response": personal("Whose testimonial.", "deleted"),
            "text": personal("The quote.", "deleted"),
            "language": personal("The language the author wrote the quote in.", "deleted"),
            "consented_at": personal("Proof of consent.", "deleted"),
            "translation_consented_at": personal(
                "Proof of the separate consent to a translation.", "deleted"
            ),
            "translation": personal(
                "HR's translation of the quote, with the author's consent: their words.",
                "deleted",
            ),
            "status": personal("HR's decision to publish.", "deleted"),
            "decided_by": personal("Which HR admin decided.", "deleted"),
            "decided_at": personal("When HR decided.", "deleted"),
        },
    ),
    "evaluation.Completion": ModelEntry(
        "What a participant did in a completed programme, and their certificate.",
        {
            "id": ID,
            "code": CODE,
            "programme": PROGRAMME,
            "enrolment": personal("Whose completion.", LINK_KEPT),
            "sessions_held": personal("Participation figures, certificate.", KEPT),
            "final_review_answered": personal("Certificate rule.", KEPT),
            "earned_certificate": personal("Certificate.", KEPT),
            "created_at": plain("History."),
            "emailed_at": personal("When the closing email went.", KEPT),
        },
    ),
    "evaluation.SponsorReport": ModelEntry(
        "A programme's monthly report to its sponsor, sent once a month.",
        {
            "id": ID,
            "programme": PROGRAMME,
            "month": plain("Which month."),
            "sponsor": personal("To whom it went.", LINK_KEPT),
            "sent_at": plain("When it went."),
            "created_at": plain("History."),
        },
    ),
    "evaluation.MonthlyReportOptOut": ModelEntry(
        "A sponsor's choice not to receive the monthly report.",
        {
            "id": ID,
            "person": personal("Whose choice.", "deleted"),
            "created_at": personal("Since when.", "deleted"),
        },
    ),
    # --- privacy ---------------------------------------------------------------------------
    "privacy.Erasure": ModelEntry(
        "The record of an erasure (the audit trail): never who the person was.",
        {
            "id": plain("The n of Former employee #n."),
            "person": personal("The anonymised account.", "not applicable"),
            "erased_by": personal("Which HR admin erased.", LINK_KEPT),
            "erased_at": plain("When."),
            "source": plain("HR's page or the command line."),
            "summary": plain("How many rows each step changed."),
        },
    ),
    # --- third-party models that hold personal data ------------------------------------------
    "account.EmailAddress": ModelEntry(
        "allauth: a person's email addresses and whether they are verified.",
        {
            "id": ID,
            "user": personal("Whose address.", "deleted"),
            "email": personal("The address.", "deleted"),
            "verified": personal("Verified by a link.", "deleted"),
            "primary": personal("The address Tandem writes to.", "deleted"),
        },
    ),
    "account.EmailConfirmation": ModelEntry(
        "allauth: a pending email verification.",
        {
            "id": ID,
            "email_address": personal("The address to verify.", "deleted"),
            "created": personal("When it was asked.", "deleted"),
            "sent": personal("When the link was sent.", "deleted"),
            "key": sensitive("The secret in the link.", "deleted"),
        },
    ),
    "mfa.Authenticator": ModelEntry(
        "allauth: a second factor (authenticator app, recovery codes).",
        {
            "id": ID,
            "user": personal("Whose factor.", "deleted"),
            "type": personal("Which kind of factor.", "deleted"),
            "data": sensitive("The factor's secret.", "deleted"),
            "created_at": personal("When it was set up.", "deleted"),
            "last_used_at": personal("When it was last used.", "deleted"),
        },
    ),
    "sessions.Session": ModelEntry(
        "Django: a signed-in browser.",
        {
            "session_key": sensitive("The cookie's secret.", "deleted"),
            "session_data": sensitive("Who is signed in, and messages.", "deleted"),
            "expire_date": personal("When the session ends.", "deleted"),
        },
    ),
    "admin.LogEntry": ModelEntry(
        "Django admin: who changed which object, for superusers.",
        {
            "id": ID,
            "action_time": personal("When.", KEPT),
            "user": personal("Which superuser acted.", LINK_KEPT),
            "content_type": plain("What kind of object."),
            "object_id": plain("Which object."),
            "object_repr": personal(
                "The object's name, which may be a person's.",
                "replaced for the person's account, enrolments, pairs",
            ),
            "action_flag": plain("Added, changed, deleted."),
            "change_message": personal(
                "Which fields changed.", "cleared for the person's account, enrolments, pairs"
            ),
        },
    ),
    # --- sso and scim ------------------------------------------------------------------
    "sso.EmailDomain": ModelEntry(
        "An email domain HR gives an identity provider (single sign-on).",
        {
            "id": ID,
            "code": CODE,
            "domain": plain("The domain, such as example.com."),
            "provider_id": plain("The identity provider that serves it."),
            "create_accounts": plain("Whether an account is created at the first sign-in."),
            "sso_required": plain("Whether the password is refused for the domain."),
            "updated_at": plain("When HR last changed it."),
        },
    ),
    "socialaccount.SocialAccount": ModelEntry(
        "The link between an account and its identity provider (allauth), with the claims "
        "the provider sent at the last sign-in.",
        {
            "id": ID,
            "user": personal("Whose link.", "deleted"),
            "provider": personal("Which identity provider.", "deleted"),
            "uid": personal("The person's identifier at the provider.", "deleted"),
            "last_login": personal("When the person last signed in through it.", "deleted"),
            "date_joined": personal("When the link was made.", "deleted"),
            "extra_data": personal(
                "The provider's claims or attributes (name, address, directory fields).",
                "deleted",
            ),
        },
    ),
    "scim.ProvisioningToken": ModelEntry(
        "A bearer token of the directory's provisioning, created by HR (stored as a digest).",
        {
            "id": ID,
            "code": CODE,
            "name": plain("What HR called it."),
            "prefix": plain("Its first characters, to recognise it."),
            "digest": sensitive("The token's SHA-256, to check a call.", "kept (not a person's)"),
            "created_at": plain("When it was created."),
            "created_by": personal("The HR admin who created it.", LINK_KEPT),
            "expires_at": plain("When it expires."),
            "revoked_at": plain("When it was revoked."),
            "revoked_by": personal("The HR admin who revoked it.", LINK_KEPT),
            "last_used_at": plain("When a call last carried it."),
        },
    ),
    "scim.ProvisionedPerson": ModelEntry(
        "What the directory says about a person beyond Tandem's own fields.",
        {
            "id": ID,
            "person": personal("Whose record.", "deleted"),
            "external_id": personal("The person's identifier in the directory.", "deleted"),
            "given_name": personal("Given name, as the directory sends it.", "deleted"),
            "family_name": personal("Family name, as the directory sends it.", "deleted"),
            "deleted_at": personal("When the directory deleted the person.", "deleted"),
            "updated_at": personal("When the directory last changed the record.", "deleted"),
        },
    ),
    "scim.Group": ModelEntry(
        "A group the directory pushes (two of them may give HR's roles).",
        {
            "id": ID,
            "code": CODE,
            "display_name": plain("The group's name."),
            "external_id": plain("The group's identifier in the directory."),
            "members": personal("Who is in it.", "the erased person is removed"),
            "created_at": plain("When it was created."),
            "updated_at": plain("When it last changed."),
        },
    ),
    "scim.Call": ModelEntry(
        "One authenticated provisioning call, kept for HR's audit.",
        {
            "id": ID,
            "token": plain("The token the call carried."),
            "at": plain("When."),
            "method": plain("The HTTP method."),
            "path": personal("The address called (it may name a person's id).", KEPT),
            "status": plain("The answer's status."),
            "person": personal("Whom the call created or changed.", LINK_KEPT),
            "summary": personal("What changed, or why it was refused.", KEPT),
        },
    ),
}


# --- Reading the models ------------------------------------------------------------------


def is_project_app(app_label: str) -> bool:
    """An app of this repository, not of a package in the virtual environment."""
    path = Path(apps.get_app_config(app_label).path).resolve()
    base = Path(settings.BASE_DIR).resolve()
    return path.is_relative_to(base) and ".venv" not in path.relative_to(base).parts


def registered_models() -> list[type[models.Model]]:
    """The models the register must cover: the project's, and the third-party ones listed."""
    return [
        model
        for model in apps.get_models()
        if is_project_app(model._meta.app_label) or model._meta.label in THIRD_PARTY_MODELS
    ]


def field_names(model: type[models.Model]) -> list[str]:
    """Fields stored for the model: columns and the many-to-many relations it declares."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete or (field.many_to_many and not field.auto_created)
    ]


def problems() -> list[str]:
    """Every difference between the register and the installed models, in words."""
    found: list[str] = []
    models_by_label = {model._meta.label: model for model in registered_models()}
    for label, model in models_by_label.items():
        entry = REGISTER.get(label)
        if entry is None:
            found.append(f"{label}: model missing from the register")
            continue
        names = field_names(model)
        found += [
            f"{label}.{name}: field missing from the register"
            for name in names
            if name not in entry.fields
        ]
        found += [
            f"{label}.{name}: in the register but not a field of the model"
            for name in entry.fields
            if name not in names
        ]
    found += [
        f"{label}: in the register but not an installed model"
        for label in REGISTER
        if label not in models_by_label
    ]
    for label, entry in REGISTER.items():
        for name, field in entry.fields.items():
            if field.category not in CATEGORIES:
                found.append(f"{label}.{name}: unknown category {field.category!r}")
            if not field.purpose.strip():
                found.append(f"{label}.{name}: no purpose")
            if field.category != NOT_PERSONAL and not field.on_erasure.strip():
                found.append(f"{label}.{name}: personal, but nothing says what erasure does")
    return found


# --- The document ------------------------------------------------------------------------


def markdown() -> str:
    """docs/data-register.md, generated: edit privacy/register.py, then run
    `python manage.py data_register`."""
    counts = {category: 0 for category in CATEGORIES}
    for entry in REGISTER.values():
        for field in entry.fields.values():
            counts[field.category] += 1
    lines = [
        "# Register of personal data",
        "",
        "<!-- Generated from privacy/register.py by `python manage.py data_register`: "
        "do not edit by hand. -->",
        "",
        "Every field Tandem stores, with its category, its purpose, and what erasing a "
        "person (`privacy.services.erase_person`) does to it. Categories: **personal** "
        "(identifies a person or says what they are, chose, did or wrote), **sensitive** "
        "(personal data whose disclosure would hurt: self-declared gender, what pairs "
        "confide, the secrets of an account), **not personal**.",
        "",
        f"{sum(counts.values())} fields in {len(REGISTER)} models: "
        + ", ".join(f"{counts[category]} {category}" for category in CATEGORIES)
        + ".",
        "",
        "Private notes are also deleted `PRIVATE_NOTES_RETENTION_MONTHS` months (6 by "
        "default) after their programme ends. See docs/privacy.md for the choices.",
    ]
    for label, entry in REGISTER.items():
        lines += [
            "",
            f"## {label}",
            "",
            entry.purpose,
            "",
            "| field | category | purpose | on erasure |",
            "|---|---|---|---|",
        ]
        for name, field in entry.fields.items():
            erasure = field.on_erasure or "—"
            lines.append(f"| `{name}` | {field.category} | {field.purpose} | {erasure} |")
    return "\n".join(lines) + "\n"
