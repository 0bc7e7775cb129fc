from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.people import display_name
from hallops.permissions import Role

from .stores import Region, Store


class StaffProfile(models.Model):
    """What the business knows of a person beyond their login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    employee_no = models.CharField(_("employee number"), max_length=20, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["employee_no"]

    def __str__(self) -> str:
        return f"{self.employee_no} {display_name(self.user)}"


class RoleAssignment(models.Model):
    """A person holds a role in a store, or (regional supervisor) over a region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    store = models.ForeignKey(
        Store,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("store"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("region"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "store"],
                condition=models.Q(store__isnull=False),
                name="roleassignment_unique_store_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(region__isnull=False),
                name="roleassignment_unique_region_role",
            ),
            # A supervisor reads a region; every other role works in exactly one store.
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.SUPERVISOR, region__isnull=False, store__isnull=True)
                    | (
                        ~models.Q(role=Role.SUPERVISOR)
                        & models.Q(store__isnull=False, region__isnull=True)
                    )
                ),
                name="roleassignment_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        scope = self.store or self.region
        return f"{display_name(self.user)} · {self.get_role_display()} · {scope}"
