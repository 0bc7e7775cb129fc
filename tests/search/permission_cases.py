"""Permission-matrix rows for the search page: every role with a home may search (its own
store's records, a supervisor the region's); anonymous visitors go to the login page."""

from tests.permission_matrix import EVERYONE, Case

CASES = [
    Case("search:search", roles=EVERYONE, query="?q=5678"),
]
