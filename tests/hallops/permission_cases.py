from tests.permission_matrix import ALL_STORE_ROLES, EVERYONE, PERSONA_ROLES, Case

CASES = [
    # The home page redirects every role to its own home.
    Case("home", roles=EVERYONE, ok=302),
    # A signed-in person is sent on from the login page.
    Case("login", public=True, ok=200, expect=dict.fromkeys(PERSONA_ROLES, 302)),
    Case("logout", public=True, method="post", ok=302),
    Case("password_change", roles=EVERYONE),
    Case("password_change_done", roles=EVERYONE),
    Case("acting_switch", roles=EVERYONE, method="post", ok=302),
    Case("language_switch", public=True, method="post", data=lambda w: {"language": "en"}, ok=302),
    Case("clock_in", roles=ALL_STORE_ROLES, method="post", ok=302),
    Case("clock_out", roles=ALL_STORE_ROLES, method="post", ok=302),
    Case("notifications", roles=EVERYONE),
    Case("notifications_read", roles=EVERYONE, method="post", ok=302),
    Case("healthz", public=True, ok=200),
]
