"""The committee's side of the consultation process in the Wagtail admin."""
