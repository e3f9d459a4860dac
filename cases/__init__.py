"""The domain of tousu: cases, channels and their clocks, deadlines, privacy.

Pure Python: this package never imports textual or tinydb (checked by a test).
"""
