"""The CP-SAT model of the meeting scheduling problem.

Variables: ``x[m, s]`` is true when meeting ``m`` takes slot ``s``; it exists only for the
slots left after session restrictions, forbidden slots of either participant and pinning,
so those constraints cost nothing. For every participant with two or more meetings and
every slot one of them could take, ``busy[p, s]`` is defined by one exactly-one constraint
``x[m1, s] + ... + x[mk, s] + not busy[p, s] == 1`` (which is also the "one meeting at a
time" constraint), and ``start[p, s]`` marks the first slot of a run of meetings:
``start <-> busy[s] and not busy[s-1]``. A participant's breaks are the runs minus one,
which is the published definition (gaps between consecutive meetings, idle time before
the first and after the last meeting free).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from .domains import Domains
    from .instance import Instance


@dataclass
class SchedulingModel:
    model: cp_model.CpModel
    x: dict[tuple[str, int], cp_model.IntVar]
    placed: dict[str, cp_model.IntVar] = field(default_factory=dict)
    busy: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    position: dict[str, cp_model.IntVar] = field(default_factory=dict)
    xby: dict[str, list] = field(default_factory=dict)
    start: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    breaks: dict[str, cp_model.LinearExpr] = field(default_factory=dict)
    placed_total: cp_model.LinearExpr | int = 0
    breaks_total: cp_model.LinearExpr | int = 0

    def add_hint(self, slot_of: dict[str, int], instance: Instance) -> None:
        """Hint every variable (not just x) so the solver starts from a complete point."""
        busy_at = {(p, s) for m in instance.meetings if m.id in slot_of
                   for p, s in ((q, slot_of[m.id]) for q in m.participants)}
        for (mid, s), var in self.x.items():
            self.model.add_hint(var, slot_of.get(mid) == s)
        for mid, var in self.placed.items():
            self.model.add_hint(var, mid in slot_of)
        for key, var in self.busy.items():
            self.model.add_hint(var, key in busy_at)
        for (pid, s), var in self.start.items():
            self.model.add_hint(var, (pid, s) in busy_at and (pid, s - 1) not in busy_at)


def build_model(
    instance: Instance,
    domains: Domains,
    *,
    optional: bool,
    with_breaks: bool,
    fairness: int | None,
    min_placed: int | None = None,
    span: bool = True,
) -> SchedulingModel:
    """Build the model. ``optional``: meetings may stay unplaced (else all schedulable
    meetings are placed). ``with_breaks``: add the break variables (and fairness)."""
    model = cp_model.CpModel()
    sm = SchedulingModel(model=model, x={})
    schedulable = [m for m in instance.meetings if domains.allowed[m.id]]
    by_participant_slot: dict[tuple[str, int], list] = defaultdict(list)
    by_slot: dict[int, list] = defaultdict(list)
    at_tables: dict[int, list] = defaultdict(list)  # the non-remote meetings of each slot
    meetings_of: dict[str, list[str]] = defaultdict(list)

    for meeting in schedulable:
        lits = []
        for s in domains.allowed[meeting.id]:
            var = model.new_bool_var(f"x[{meeting.id},{s}]")
            sm.x[meeting.id, s] = var
            sm.xby.setdefault(meeting.id, []).append(((meeting.id, s), var))
            lits.append(var)
            by_slot[s].append(var)
            if not meeting.remote:
                at_tables[s].append(var)
            for pid in meeting.participants:
                by_participant_slot[pid, s].append(var)
        for pid in meeting.participants:
            meetings_of[pid].append(meeting.id)
        if optional:
            placed = model.new_bool_var(f"placed[{meeting.id}]")
            sm.placed[meeting.id] = placed
            model.add_exactly_one([*lits, placed.Not()])
        else:
            model.add_exactly_one(lits)

    for lits in at_tables.values():
        if len(lits) > instance.tables:
            model.add(sum(lits) <= instance.tables)

    _add_precedences(instance, sm, optional=optional)

    if optional:
        sm.placed_total = sum(sm.placed.values())
        if min_placed is not None:
            model.add(sm.placed_total >= min_placed)
    else:
        sm.placed_total = len(schedulable)

    if not with_breaks:
        for lits in by_participant_slot.values():
            if len(lits) > 1:
                model.add_at_most_one(lits)
        return sm

    for pid in instance.participants:
        if len(meetings_of[pid]) < 2:
            continue
        _add_participant_breaks(instance, sm, pid, meetings_of[pid], by_participant_slot, span=span)
    _add_busy_per_slot(instance, sm, by_slot, by_participant_slot)
    sm.breaks_total = sum(sm.breaks.values())
    if fairness is not None:
        _add_fairness(instance, sm, meetings_of, fairness)
    return sm


def _add_busy_per_slot(
    instance: Instance,
    sm: SchedulingModel,
    by_slot: dict[int, list],
    by_participant_slot: dict[tuple[str, int], list],
) -> None:
    """Redundant: in every slot the participants busy are exactly twice the meetings held.

    It ties the busy variables of different participants together (and to the tables),
    which the per-participant definitions alone do not; measured to make the compact
    (few-break) schedules much easier to find.
    """
    for s, lits in by_slot.items():
        busy_here = []
        for pid in instance.participants:
            if (pid, s) in sm.busy:
                busy_here.append(sm.busy[pid, s])
            else:
                busy_here.extend(by_participant_slot.get((pid, s), ()))
        sm.model.add(sum(busy_here) == 2 * sum(lits))


def _add_precedences(instance: Instance, sm: SchedulingModel, *, optional: bool) -> None:
    position: dict[str, cp_model.LinearExpr] = {}
    for (mid, s), var in sm.x.items():
        position[mid] = position.get(mid, 0) + s * var
    for first, second in instance.precedences:
        if first not in position or second not in position:
            continue  # an unschedulable meeting is unplaced; nothing to order
        constraint = sm.model.add(position[first] + 1 <= position[second])
        if optional:
            constraint.only_enforce_if([sm.placed[first], sm.placed[second]])


def _add_participant_breaks(
    instance: Instance,
    sm: SchedulingModel,
    pid: str,
    meeting_ids: list[str],
    by_participant_slot: dict[tuple[str, int], list],
    *,
    span: bool,
) -> None:
    model = sm.model
    slots = sorted({s for s in range(len(instance.slots)) if (pid, s) in by_participant_slot})
    for s in slots:
        busy = model.new_bool_var(f"busy[{pid},{s}]")
        sm.busy[pid, s] = busy
        model.add_exactly_one([*by_participant_slot[pid, s], busy.Not()])
    starts = []
    for s in slots:
        busy = sm.busy[pid, s]
        previous = sm.busy.get((pid, s - 1))
        if previous is None:
            starts.append(busy)  # nothing can precede: a meeting here always starts a run
            continue
        start = model.new_bool_var(f"start[{pid},{s}]")
        sm.start[pid, s] = start
        model.add_bool_or([busy.Not(), previous, start])
        model.add_implication(start, busy)
        model.add_implication(start, previous.Not())
        starts.append(start)
    if sm.placed:
        has_meeting = model.new_bool_var(f"has[{pid}]")
        placed = [sm.placed[m] for m in meeting_ids]
        model.add_max_equality(has_meeting, placed)
        model.add(sum(starts) >= has_meeting)
        sm.breaks[pid] = sum(starts) - has_meeting
    else:
        # Redundant but it gives the LP the number of busy slots directly.
        model.add(sum(sm.busy[pid, s] for s in slots) == len(meeting_ids))
        # An explicit non-negative break count keeps the objective's lower bound at 0.
        breaks = model.new_int_var(0, len(meeting_ids) - 1, f"breaks[{pid}]")
        model.add(breaks == sum(starts) - 1)
        sm.breaks[pid] = breaks
        if span:
            _add_span(instance, sm, pid, meeting_ids, breaks)


def _add_span(
    instance: Instance,
    sm: SchedulingModel,
    pid: str,
    meeting_ids: list[str],
    breaks: cp_model.IntVar,
) -> None:
    """Redundant span bounds: idle slots between first and last meeting >= breaks >= 1
    when there is any idle slot. Measured to help the search find compact schedules."""
    model = sm.model
    n = len(instance.slots)
    positions = []
    for mid in meeting_ids:
        pos = sm.position.get(mid)
        if pos is None:
            pos = model.new_int_var(0, n - 1, f"slot[{mid}]")
            model.add(pos == sum(s * v for (_m, s), v in sm.xby[mid]))
            sm.position[mid] = pos
        positions.append(pos)
    first = model.new_int_var(0, n - 1, f"first[{pid}]")
    last = model.new_int_var(0, n - 1, f"last[{pid}]")
    model.add_min_equality(first, positions)
    model.add_max_equality(last, positions)
    idle = last - first + 1 - len(meeting_ids)
    model.add(breaks <= idle)
    model.add(n * breaks >= idle)



def _add_fairness(
    instance: Instance, sm: SchedulingModel, meetings_of: dict[str, list[str]], fairness: int
) -> None:
    """max breaks - min breaks <= fairness over all participants (as the published checker).

    A participant with at most one meeting has zero breaks, so then the bound is simply
    breaks <= fairness for everyone; otherwise two bound variables carry min and max.
    """
    model = sm.model
    if any(len(meetings_of[pid]) < 2 for pid in instance.participants):
        for expr in sm.breaks.values():
            model.add(expr <= fairness)
        return
    horizon = len(instance.slots)
    low = model.new_int_var(0, horizon, "min_breaks")
    high = model.new_int_var(0, horizon, "max_breaks")
    for expr in sm.breaks.values():
        model.add(expr >= low)
        model.add(expr <= high)
    model.add(high - low <= fairness)


def add_windows(sm: SchedulingModel, windows: dict[str, list[int]], meeting_counts: dict[str, int]) -> None:
    """Redundant, for models where these participants have no break: ``w[p, a]`` is true
    when p's meetings fill the slots ``a .. a + n - 1``; exactly one holds, and
    ``busy[p, s]`` is the sum of the windows covering ``s``.

    The windows come from bounds.zero_break_windows, so the ones no matching of p's meetings
    can fill are gone before the search starts: a global argument that the per-slot
    constraints alone do not make. Measured on forum-13crafc's one-more-break probes
    (probes.py): decided in 0.2-5 s each with them, 0.3 s to over 20 s without.
    """
    model = sm.model
    for pid, starts in windows.items():
        n = meeting_counts[pid]
        window = {a: model.new_bool_var(f"w[{pid},{a}]") for a in starts}
        model.add_exactly_one(list(window.values()))
        for (owner, s), busy in sm.busy.items():
            if owner == pid:
                model.add(sum(v for a, v in window.items() if a <= s < a + n) == busy)
