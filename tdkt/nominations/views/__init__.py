"""Thin views: resolve the scope, fetch through scoped getters, call a form and a service.

Split by sub-domain; every view is re-exported here for urls.py.
"""

from .appraisal import (
    APPRAISAL_STATUSES,
    appraisal,
    appraisal_bulk,
)
from .ballots import ballot_close, ballot_open, ballot_restart, meeting_vote
from .configuration import (
    configuration,
    holiday_delete,
    notifications,
    setting_edit,
)
from .council import (
    council,
    council_create,
    council_detail,
    council_member_add,
    council_member_position,
    council_member_remove,
    council_threshold,
    council_update,
    meeting_create,
    meeting_detail,
    meeting_manage,
    meeting_minutes,
)
from .decisions import (
    awardee_revoke,
    decision_create,
    decision_detail,
    decisions,
    person_awards,
)
from .disclosure import (
    comment_moderate,
    disclosure_conclude,
    disclosure_detail,
    disclosures,
)
from .dossiers import (
    attachment_delete,
    attachment_download,
    attachment_upload,
    nomination_action,
    nomination_create,
    nomination_detail,
    nomination_edit,
    people_search,
    submission_create,
    submission_detail,
    submission_pick,
    submission_pick_proposals,
    submission_submit,
)
from .public import (
    COMMENTS_PER_HOUR,
    public_index,
    public_period,
)
from .rounds import (
    index,
    round_detail,
    round_form,
)

__all__ = [
    "COMMENTS_PER_HOUR",
    "public_index",
    "public_period",
    "index",
    "round_form",
    "round_detail",
    "submission_create",
    "submission_detail",
    "submission_submit",
    "people_search",
    "nomination_create",
    "nomination_detail",
    "nomination_edit",
    "attachment_upload",
    "attachment_download",
    "attachment_delete",
    "nomination_action",
    "submission_pick",
    "submission_pick_proposals",
    "APPRAISAL_STATUSES",
    "appraisal",
    "appraisal_bulk",
    "council",
    "council_create",
    "council_detail",
    "council_member_add",
    "council_member_position",
    "council_member_remove",
    "council_threshold",
    "council_update",
    "meeting_create",
    "meeting_detail",
    "meeting_manage",
    "meeting_minutes",
    "meeting_vote",
    "ballot_open",
    "ballot_close",
    "ballot_restart",
    "disclosures",
    "disclosure_detail",
    "comment_moderate",
    "disclosure_conclude",
    "decisions",
    "decision_create",
    "decision_detail",
    "awardee_revoke",
    "person_awards",
    "configuration",
    "setting_edit",
    "holiday_delete",
    "notifications",
]
