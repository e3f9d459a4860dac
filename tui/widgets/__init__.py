"""Widgets of the tousu dashboard."""
