"""Template filters for Chinese presentation: thin wrappers of core.formatting."""

from django import template

from core import formatting

register = template.Library()
register.filter("cn_date", formatting.cn_date)
register.filter("percent", formatting.percent)
