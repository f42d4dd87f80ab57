"""Chinese presentation of dates and numbers, as plain functions (the template filters wrap them)."""

import datetime

from django.utils import timezone

DIGITS = "零一二三四五六七八九"


def cn_date(value):
    """2026年11月23日 — the form Chinese readers and official documents use, in every language."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


def percent(value):
    """0.9375 → 93.8%"""
    if value is None or value == "":
        return ""
    return f"{float(value) * 100:.1f}%"


def cn_number(n):
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五: the numbering of sections in official documents."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
