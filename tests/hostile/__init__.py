"""Hostile and broken inputs: the case builders and the tests that keep each case covered."""
