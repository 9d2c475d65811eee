# Board meetings moved to the meetings app; the statutory reports are here.
from reports.models.reports import *  # noqa: F401,F403
