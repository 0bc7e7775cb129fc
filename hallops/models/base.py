from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNamed(models.Model):
    """Reference data edited in the admin, named in Chinese with an optional English name."""

    name = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name
