"""The permission matrix: every URL name × every persona → the expected status.

Each app lists its URLs in a `permission_cases.py` module under tests/ (a CASES list).
`tests/test_permission_matrix.py` fails when a URL name of the project has no case, so every
new URL has to join the matrix.

Expected status, unless a case says otherwise per persona (`expect`):
- anonymous → 302 to the login page (or `ok` for public URLs);
- a persona whose role is not in `roles` → 403;
- a persona of store B on a URL naming an object of store A (`scoped=True`) → 404;
- otherwise `ok` (200 for pages, 302 for POST actions that redirect).
The supervisor reads region A (store A's region): allowed only where Role.SUPERVISOR is in
`roles`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from hallops.permissions import Role

PERSONA_ROLES = {
    "sm_a": Role.STORE_MANAGER,
    "dm_a": Role.DUTY_MANAGER,
    "clerk_a": Role.CLERK,
    "ch_a": Role.COMPLAINT_HANDLER,
    "fr_a": Role.FUND_RECEIVER,
    "sm_b": Role.STORE_MANAGER,
    "dm_b": Role.DUTY_MANAGER,
    "clerk_b": Role.CLERK,
    "ch_b": Role.COMPLAINT_HANDLER,
    "fr_b": Role.FUND_RECEIVER,
    "supervisor": Role.SUPERVISOR,
}
ALL_STORE_ROLES = (Role.STORE_MANAGER, Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER,
                   Role.FUND_RECEIVER)
EVERYONE = ALL_STORE_ROLES + (Role.SUPERVISOR,)


@dataclass
class Case:
    url_name: str
    roles: tuple = ()
    # world -> reverse kwargs, for URLs that name an object (an object of store A).
    kwargs: Callable | None = None
    method: str = "get"
    # world -> POST data (a valid or harmless request; the matrix only checks access).
    data: Callable | None = None
    ok: int = 200
    scoped: bool = False
    public: bool = False
    anonymous: int = 302
    expect: dict = field(default_factory=dict)
    query: str = ""

    def expected(self, persona: str) -> int:
        if persona in self.expect:
            return self.expect[persona]
        if persona == "anon":
            return self.ok if self.public else self.anonymous
        role = PERSONA_ROLES[persona]
        if self.public and not self.roles:
            return self.ok
        if role not in self.roles:
            return 403
        if self.scoped and persona.endswith("_b"):
            return 404
        return self.ok
