"""Pagination of wide lists.

A list page that joins its related rows (`select_related`) and sorts on them makes the
database sort every matching row at full width before it can cut a page: a region's year of
duty logs is 15,000 rows of log, store, shift and two people. `KeysFirstPaginator` cuts the
page on the keys alone (only the columns the ordering needs are joined and sorted), then
reads the page's rows, wide, by key.
"""

from __future__ import annotations

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """A Paginator over a QuerySet that reads a page in two queries: the page's primary keys
    in `object_list`'s order, then those rows from `rows` (a queryset of the same model with
    the joins the page shows; the list's own filters are not repeated, so the database finds
    the rows by key), put back in the list's order. Same pages and count as `Paginator`,
    one query more."""

    def __init__(self, object_list, per_page, *, rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in self.rows.order_by().filter(pk__in=keys)}
        return self._get_page([found[key] for key in keys if key in found], number, self)
