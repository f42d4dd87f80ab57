"""The shared floor's models: site settings and the page-cache generation (site.py), the SMS
message log (sms.py), and what proves a resident's voice: phone verifications and the household
roster (residents.py)."""

from core.models.residents import PhoneVerification, RosterEntry
from core.models.site import CommunitySettings, PageCacheVersion
from core.models.sms import SmsMessage

__all__ = ["CommunitySettings", "PageCacheVersion", "PhoneVerification", "RosterEntry", "SmsMessage"]
