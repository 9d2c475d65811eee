# Board meetings (meetings.py) and the statutory reports (reports.py) are written by
# different people at the same time; each module is imported here once it exists.
from reports.models.meetings import *  # noqa: F401,F403
from reports.models.reports import *  # noqa: F401,F403
