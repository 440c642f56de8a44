"""Time zones of the dataset: Asia/Dhaka, and Asia/Kolkata for the outlets of West Bengal.

A page's times are read in its outlet's zone: the outlet table's, else the one of the
domain of its URL in ``sources.csv``, else a zone its dateline names ("IST", "GMT+6"), else
Dhaka's. A time printed with a zone is that instant whatever the outlet.

>>> DHAKA.key == TIMEZONE, KOLKATA.key
(True, 'Asia/Kolkata')
"""

from zoneinfo import ZoneInfo

TIMEZONE = "Asia/Dhaka"
DHAKA = ZoneInfo(TIMEZONE)
KOLKATA = ZoneInfo("Asia/Kolkata")
