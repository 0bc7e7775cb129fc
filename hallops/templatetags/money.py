from django import template

from hallops.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value, empty: str = "—") -> str:
    """`{{ amount|money }}`: two decimals, never "-0.00"; `empty` (a dash) for no amount."""
    return format_money(value, empty)
