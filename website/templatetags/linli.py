"""Template filters for Chinese presentation."""
import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cn_date(value):
    """2026年11月23日 — the form Chinese readers and official documents use, in every language."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def percent(value):
    """0.9375 → 93.8%"""
    if value is None or value == "":
        return ""
    return f"{float(value) * 100:.1f}%"
