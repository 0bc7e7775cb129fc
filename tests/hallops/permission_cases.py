from tests.permission_matrix import ALL_STORE_ROLES, EVERYONE, Case

CASES = [
    # The home page redirects every role to its own home.
    Case("home", roles=EVERYONE, ok=302),
    Case("login", public=True, ok=200, expect={p: 302 for p in
         ("sm_a", "dm_a", "clerk_a", "ch_a", "sm_b", "dm_b", "clerk_b", "ch_b", "supervisor")}),
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
