"""Kept importable for older imports: money lives in `hallops.money`."""

from hallops.money import CENT, MAX_MONEY, ZERO, to_money, to_money_or_none

__all__ = ["CENT", "MAX_MONEY", "ZERO", "to_money", "to_money_or_none"]
