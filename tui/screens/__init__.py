"""Screens of the tousu dashboard."""
