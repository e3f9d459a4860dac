"""The yardstick: a minimal Textual app that shows one line. Run by bench/first_paint.py."""

from textual.app import App
from textual.widgets import Static


class Minimal(App):
    def compose(self):
        yield Static("READY-MARKER")


if __name__ == "__main__":
    Minimal().run()
