"""Organisations, teams, the people who sign in and their second factors."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key, key_validator

from alongside.core.fields import EncryptedTextField

from .codes import backup_code_digests


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", "Recurrent care service"
        PARTNER = "partner", "Partner agency"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    PARTNER = "partner", "Partner professional"
    ANALYST = "analyst", "Analyst"
    ADMINISTRATOR = "administrator", "Administrator"
    # A parent signed in to their own space (alongside.portal): nothing of the staff pages.
    PARENT = "parent", "Parent"


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=200, blank=True)
    is_data_protection_lead = models.BooleanField(
        default=False,
        help_text="Sees every break-glass use, the access trail and subject access exports",
    )
    # Working hours as a share of full time (0.2-1.0 WTE): a programme's caseload cap is per
    # full-time worker, and each worker's own cap follows from their hours.
    hours_wte = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.2")), MaxValueValidator(Decimal("1.0"))],
    )

    REQUIRED_FIELDS = ["email"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.display_name


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP). The same as django-otp's TOTPDevice, whose checking code it
    reuses, except that the shared secret is encrypted at rest (ALONGSIDE_ENCRYPTION_KEYS)."""

    key = EncryptedTextField(default=default_key, validators=[key_validator])
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(
        default=-1, help_text="The time step of the last code accepted: a code works once"
    )

    # django-otp's own logic, unchanged: the code check (with replay protection, drift and
    # throttling) and the otpauth:// address for the QR code.
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings

    class Meta:
        verbose_name = "authenticator app"


class BackupCodeDevice(ThrottlingMixin, Device):
    """A person's backup codes. Each works once; only keyed digests are stored."""

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.codes.filter(digest__in=backup_code_digests(str(token))).first()
        if match is None:
            self.throttle_increment(commit=True)
            return False
        match.delete()
        self.throttle_reset(commit=True)
        return True


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)


class EnrolmentLink(models.Model):
    """Permission from an administrator to set up two-factor authentication: the only way to
    reach the set-up page. Single use, expiring; only a digest of the link's token is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(
        null=True, blank=True, help_text="When the link was opened and tied to one browser"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Enrolment link for {self.user}"

    def is_open(self) -> bool:
        """Not yet opened and not expired."""
        return self.used_at is None and self.expires_at > timezone.now()

    def allows_set_up(self) -> bool:
        """Opened, not yet used to finish setting up, and not expired."""
        return (
            self.used_at is not None
            and self.completed_at is None
            and self.expires_at > timezone.now()
        )
