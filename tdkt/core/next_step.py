"""What happens next on an object's page, and who does it (issue 16 item 3).

Each area computes its objects' next step in one plain function (e.g.
`tdkt.nominations.next_steps.for_nomination`); pages render it with
`{% include "core/_next_step.html" with step=… %}`."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NextStep:
    """`text`: the step in words ("Chờ Thủ trưởng đơn vị phê duyệt và trình tờ trình");
    `actor`: who does it; `yours`: the viewer is that actor (the page shows the button, or
    `action_url`/`action_label` leads to it); `done`: nothing is left to do."""

    text: str
    actor: str = ""
    yours: bool = False
    done: bool = False
    action_url: str = ""
    action_label: str = ""


def done(text: str) -> NextStep:
    return NextStep(text=text, done=True)
