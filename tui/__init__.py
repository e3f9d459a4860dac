"""The Textual dashboard and the `tousu` command line."""
