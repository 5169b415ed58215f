import uuid
import zoneinfo
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .directory import ISO_639_1, Generation, language_name

GRADE_MIN = 1
GRADE_MAX = 20


class Department(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet):
    def hr_admins(self) -> "UserQuerySet":
        return self.filter(is_active=True, is_hr_admin=True)

    def executives(self) -> "UserQuerySet":
        return self.filter(is_active=True, is_executive=True)

    def search(self, text: str) -> "UserQuerySet":
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(email__icontains=text)
            | models.Q(job_title__icontains=text)
            | models.Q(department__name__icontains=text)
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **fields)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_languages(value: list) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Languages must be a list of ISO 639-1 codes."))
    unknown = [code for code in value if code not in ISO_639_1]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


class User(AbstractBaseUser, PermissionsMixin):
    """An employee. Email is the login; HR roles are two flags (see docs/architecture.md)."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )

    # Directory attributes, imported by HR, used by pairing.
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
        help_text=_("Higher is more senior."),
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    hired_on = models.DateField(_("hire date"), null=True, blank=True)
    generation = models.CharField(_("generation"), max_length=8, choices=Generation, blank=True)
    site = models.CharField(_("site"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_languages]
    )

    # Roles given by HR.
    is_hr_admin = models.BooleanField(
        _("HR admin"), default=False, help_text=_("Sets up programmes, reviews and pairs people.")
    )
    is_executive = models.BooleanField(
        _("executive"), default=False, help_text=_("Reads the progress dashboards.")
    )

    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can sign in to the Django admin.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True)
                | models.Q(grade__gte=GRADE_MIN, grade__lte=GRADE_MAX),
                name="user_grade_in_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("pk")), name="user_not_own_manager"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def language_names(self) -> list[str]:
        return [language_name(code, in_sentence=True) for code in self.languages]

    @property
    def left_on(self) -> date | None:
        """When the person last left the company (DirectoryEvent), if they are gone; one
        query, for the few pages that show a leaver."""
        if self.is_active:
            return None
        event = self.directory_events.movements().last()
        return event.on if event and event.kind == DirectoryEvent.Kind.LEFT else None

    @property
    def tenure_years(self) -> float | None:
        if not self.hired_on:
            return None
        return (timezone.localdate() - self.hired_on).days / 365.25


class DirectoryEventQuerySet(models.QuerySet):
    def movements(self) -> "DirectoryEventQuerySet":
        """Leaving and coming back, in date order: whether a person works here on a date."""
        return self.filter(kind__in=[DirectoryEvent.Kind.LEFT, DirectoryEvent.Kind.RETURNED])


class DirectoryEvent(models.Model):
    """A dated change in the directory: a person left the company, came back, or changed
    grade. Written by a full directory import (people/events.py) or another source of the
    same facts; read by the evaluation's outcomes (retention and promotion)."""

    class Kind(models.TextChoices):
        LEFT = "left", _("Left the company")
        RETURNED = "returned", _("Came back to the company")
        GRADE_CHANGED = "grade_changed", _("Grade changed")

    class Source(models.TextChoices):
        IMPORT = "import", _("Directory import")
        FEED = "feed", _("Directory feed")
        ADMIN = "admin", _("Recorded by hand")

    person = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="directory_events",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    on = models.DateField(_("date"))
    before = models.CharField(_("before"), max_length=64, blank=True)
    after = models.CharField(_("after"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source, default=Source.IMPORT)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DirectoryEventQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("directory event")
        verbose_name_plural = _("directory events")
        indexes = [models.Index(fields=["person", "on"], name="directory_event_person_on")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.on}"
