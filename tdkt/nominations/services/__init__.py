"""Every state change of the commendation workflow. Each service runs in one transaction,
checks the actor's role (defence in depth: views check too), writes, and records an audit
action. Errors for users are `ValidationError`s with Vietnamese messages; a role that may
not take a step gets `PermissionDenied`.

Split by sub-domain; the public names are re-exported here, so `services.X` keeps working.
Patch a name where it is looked up (its sub-module), not here.
"""

from .appraisal import (
    approve_simplified,
    bulk,
    pass_appraisal,
    return_for_supplement,
    run_appraisal,
)
from .ballots import (
    can_vote,
    cast_ballot,
    close_ballot,
    close_meeting,
    has_voted,
    open_ballot,
    restart_voting,
    voting_progress,
)
from .common import (
    DEPT,
    HEAD,
    TRANSITIONS,
    can_head,
    is_dept,
    notify,
    require_dept,
)
from .configuration import (
    add_holiday,
    delete_holiday,
    update_award_setting,
)
from .council import (
    add_agenda_items,
    add_council_member,
    create_meeting,
    open_voting,
    remove_agenda_item,
    remove_council_member,
    set_attendance,
)
from .decisions import (
    allocate_number,
    issue_decision,
    recheck_after_revocation,
    revoke_award,
)
from .disclosure import (
    conclude_disclosure,
    ip_key,
    moderate_comment,
    post_comment,
    publish_disclosure,
)
from .dossiers import (
    add_attachment,
    add_candidates,
    add_nomination,
    create_submission,
    delete_nomination,
    remove_attachment,
    resubmit,
    submit_submission,
    update_nomination,
)
from .reminders import send_reminders
from .rounds import (
    ROUND_FIELDS,
    save_round,
)

__all__ = [
    "add_holiday",
    "delete_holiday",
    "update_award_setting",
    "HEAD",
    "DEPT",
    "TRANSITIONS",
    "is_dept",
    "require_dept",
    "can_head",
    "notify",
    "ROUND_FIELDS",
    "save_round",
    "create_submission",
    "add_nomination",
    "update_nomination",
    "delete_nomination",
    "add_attachment",
    "add_candidates",
    "remove_attachment",
    "submit_submission",
    "resubmit",
    "run_appraisal",
    "pass_appraisal",
    "return_for_supplement",
    "bulk",
    "approve_simplified",
    "add_council_member",
    "remove_council_member",
    "create_meeting",
    "add_agenda_items",
    "remove_agenda_item",
    "set_attendance",
    "open_voting",
    "can_vote",
    "cast_ballot",
    "close_ballot",
    "close_meeting",
    "has_voted",
    "open_ballot",
    "restart_voting",
    "voting_progress",
    "publish_disclosure",
    "ip_key",
    "post_comment",
    "moderate_comment",
    "conclude_disclosure",
    "allocate_number",
    "issue_decision",
    "revoke_award",
    "recheck_after_revocation",
    "send_reminders",
]
