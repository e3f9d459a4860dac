"""Themes and stylesheets as data.

Built-in themes are JSON files beside this module; users may drop more JSON files
in their config directory. Loading never raises: bad files are collected as
errors for the UI to show, and the rest still load.
"""
