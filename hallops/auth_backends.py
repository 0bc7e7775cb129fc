"""The sign-in backend: Django's ModelBackend, loading the person's profile with the user.

Every page reads the profile (the person's language, in UserLanguageMiddleware) right after
the user; one joined query instead of two on every request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ProfileModelBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
