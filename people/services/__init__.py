"""Writes of the people app: leave, clock corrections, shift swaps, staffing rules, publication."""
