"""Wagtail looks for a module of this name in every app; the admin's hooks live in
consultation/admin/hooks.py."""

from consultation.admin import hooks  # noqa: F401
