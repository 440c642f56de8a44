"""The dataset's one time zone: every timestamp is read, stored and shown in Asia/Dhaka.

>>> DHAKA.key == TIMEZONE
True
"""

from zoneinfo import ZoneInfo

TIMEZONE = "Asia/Dhaka"
DHAKA = ZoneInfo(TIMEZONE)
