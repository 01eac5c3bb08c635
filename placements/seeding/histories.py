"""One child's history as rows: periods of care, placements, episodes that chain like the
SSDA903 return, allocations and workers, and the statutory work around them."""

import datetime as dt
import random
from decimal import Decimal

from placements import postcodes
from placements.models.codes import RECODED_AS, collection_year

from .copy import Ids, Rows
from .world import FIRST, LAST, World

D = dt.timedelta
K3_FROM = dt.date(2025, 4, 1)  # H5 was last in force in 2024-25 (data/ssda903_codes.json)
ETHNIC = ["WBRI"] * 14 + [
    "WOTH",
    "WIRI",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "WROM",
    "NOBT",
]
UASC_ETHNIC = ["OOTH", "BAFR", "AOTH", "BOTH"]
MOVE_REASONS = ["CARPL"] * 4 + [
    "CREQB",
    "CREQO",
    "LAREQ",
    "CHILD",
    "OTHER",
    "STAND",
    "CLOSE",
    "ALLEG",
]
# Why a worker changed (FCONTA, first contact, is why a child's first worker began, never a
# change: rule SW10bSTG2).
SW_REASONS = ["LEFTRL", "MANAGE", "ORGRST", "ABSENC", "TSPROC", "OTHERS"]
LEAVE_REASONS = ["E4A"] * 5 + ["E13", "E41", "E45", "E46", "E47", "E48", "E4B", "E8"]
AT_18 = ["E17", "E5", "E6"]
# Ofsted URN of the setting or agency by kind of placement (rule 218): the council's own
# fostering and adoption services are registered too; a parent is not.
URN_PREFIX = {
    "own": 830000,
    "adoption": 840000,
    "agency": 810000,
    "home": 810000,
    "supported": 810000,
    "parent": 0,
}
FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}
# Endings after which a young person is not a care leaver (the SSDA903 OC3 table).
NOT_CARE_LEAVER = {"E2", "E3", "E11", "E12", "E45", "E46", "E47", "E48"}
ACTIV = ["F2", "F4", "P4", "F1", "G5", "G4", "G6", "P2"]
ACCOM = ["U1", "E1", "D1", "B1", "Z1", "K1", "S2", "T1"]
TERMS = [(9, 1, "autumn"), (1, 1, "spring"), (4, 15, "summer")]
NOTE_SUBJECTS = [
    "Family time",
    "Call with school",
    "Carer update",
    "Health appointment",
    "Placement stability meeting",
    "Child's views",
    "Strategy discussion",
]


def birthday(dob: dt.date, years: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February
        return dob.replace(year=dob.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class ChildHistory:
    """Builds one child's rows into `rows`, taking ids from `ids`."""

    def __init__(self, world: World, rows: Rows, ids: Ids, now, index: int, seed: int):
        self.w, self.rows, self.ids, self.now = world, rows, ids, now
        self.rng = random.Random(f"{seed}:{index}")
        # Orders added later draw from their own stream, so the rest of a seeded world is
        # the same as before they were added.
        self.liberty_rng = random.Random(f"{seed}:{index}:dolo")
        self.index = index
        self.today = world.today

    # -- helpers -----------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def late(self, due: dt.date, p: float = 0.1, most: int = 30) -> dt.date:
        return due + D(days=self.days(1, most)) if self.chance(p) else due - D(days=self.days(0, 6))

    def id(self, table: str) -> int:
        return self.ids.take(table)

    def add(self, table: str, *values) -> int:
        row_id = self.id(table)
        self.rows.add(table, row_id, self.now, self.now, *values)
        return row_id

    # -- the child ---------------------------------------------------------------------
    def build(self) -> None:
        rng, today = self.rng, self.today
        self.council = self.w.councils[self.index % len(self.w.councils)]
        self.home = rng.choice(self.w.postcodes[self.council.pk])
        self.dob = today - D(days=rng.randint(30, int(21.8 * 365)))
        age_now = age_on(self.dob, today)
        self.uasc = age_now >= 14 and self.chance(0.05)
        sex = "M" if self.uasc and self.chance(0.9) else rng.choice("MF")
        self.child_id = self.id("placements_child")
        periods = self.plan_periods()
        if not periods:
            return
        eighteen = birthday(self.dob, 18)
        uasc_ceased = eighteen if self.uasc and eighteen <= today else None
        is_mother = sex == "F" and age_now >= 16 and self.chance(0.02)
        mc_dob = today - D(days=rng.randint(20, 300)) if is_mother else None
        first, last = rng.choice(FIRST), rng.choice(LAST)
        school_age_from = dt.date(collection_year(today) - 1, 8, 31)  # SSDA903 rule 209
        upn = (
            "UN1"
            if birthday(self.dob, 4) > school_age_from
            else f"{rng.choice('ABCDEFGHJKLMN')}{rng.randint(10**10, 10**11 - 1)}{rng.randint(0, 9)}"
        )
        self.rows.add(
            "placements_child",
            self.child_id,
            self.now,
            self.now,
            1,
            self.council.pk,
            f"{self.council.dfe_la_number}{self.index:06d}",
            first,
            last,
            "",
            sex,
            self.dob,
            None,
            rng.choice(UASC_ETHNIC) if self.uasc else rng.choice(ETHNIC),
            upn,
            "",
            self.uasc,
            uasc_ceased,
            is_mother,
            mc_dob,
            self.home,
        )
        for start, end, reason in periods:
            self.period(start, end, reason)
        # SSDA903 rule 630: asked of every child who starts to be looked after.
        if self.chance(0.03) and periods[0][0].year >= self.dob.year + 3:  # rule 632
            self.add(
                "placements_previouspermanence",
                self.child_id,
                rng.choice(["P1", "P2", "P3"]),
                str(self.council.dfe_la_number),
                f"zz/{rng.randint(1, 12):02d}/{self.dob.year + 2}",
                periods[0][0],
            )
        else:
            self.add("placements_previouspermanence", self.child_id, "Z1", "", "", periods[0][0])

    def plan_periods(self):
        """[(start, end or None, reason)] for one or two periods of care."""
        rng, today = self.rng, self.today
        earliest = max(self.dob + D(days=1), today - D(days=8 * 365))
        eighteen = birthday(self.dob, 18)
        latest = min(today - D(days=14), eighteen - D(days=120))
        if latest <= earliest:
            return []
        start = earliest + D(days=rng.randint(0, (latest - earliest).days))
        periods = []
        if eighteen <= today:
            end, reason = eighteen, rng.choice(AT_18)
            if self.chance(0.3):
                end = start + D(days=rng.randint(60, max(61, (eighteen - start).days - 1)))
                reason = rng.choice(LEAVE_REASONS)
            periods.append((start, end, reason))
        elif self.chance(0.22) and (today - start).days > 90:
            end = start + D(days=rng.randint(60, (today - start).days - 1))
            adoptable = age_on(self.dob, start) < 6 and (end - start).days > 400
            reason = (
                rng.choice(["E11", "E12"])
                if adoptable and self.chance(0.5)
                else rng.choice(LEAVE_REASONS)
            )
            periods.append((start, end, reason))
            back = end + D(days=rng.randint(60, 400))
            if (
                self.chance(0.15)
                and back < min(today - D(days=14), eighteen - D(days=120))
                and reason not in ("E11", "E12")
            ):
                periods.append((back, None, ""))
        else:
            periods.append((start, None, ""))
        return periods

    # -- a period of care ---------------------------------------------------------------
    def period(self, start: dt.date, end: dt.date | None, reason: str) -> None:
        rng = self.rng
        period_id = self.id("placements_periodofcare")
        cin = (
            "N2"
            if self.chance(0.05)
            else rng.choice(["N1"] * 6 + ["N3", "N4", "N5", "N6", "N7", "N8"])
        )
        stop = end or self.today
        short_breaks = end is None and not self.uasc and self.chance(0.02)
        self.short_breaks = short_breaks
        adopted = reason in ("E11", "E12")
        segments = self.placements_plan(start, stop, short_breaks=short_breaks, adopted=adopted)
        if reason in ("E45", "E46") and segments[-1][1] not in FOSTER:  # SSDA903 rule 516
            reason = {"E45": "E47", "E46": "E48"}[reason]
        self.rows.add(
            "placements_periodofcare",
            period_id,
            self.now,
            self.now,
            self.child_id,
            start,
            end,
            cin,
            reason,
        )
        statuses = self.legal_plan(
            start, stop, short_breaks=short_breaks, adopted=adopted, segments=segments
        )
        placements = self.write_placements(period_id, segments, end)
        self.write_episodes(period_id, placements, statuses, end, reason)
        iro = self.holders(start, end)
        self.rows.add(
            "placements_iroappointment",
            self.id("placements_iroappointment"),
            self.now,
            self.now,
            self.child_id,
            iro,
            start,
            end,
        )
        self.statutory(period_id, start, stop, end, placements, iro)
        self.liberty(placements)
        if adopted:
            self.adoption(segments, statuses, end)
        if end is not None and end > birthday(self.dob, 16) and reason not in NOT_CARE_LEAVER:
            self.care_leaver()

    def placements_plan(self, start, stop, *, short_breaks, adopted):
        """[(start, place, provider_type, provider kind, same_carer)] in order."""
        rng = self.rng
        span = (stop - start).days
        moves = 0 if short_breaks else min(6, int(rng.expovariate(1 / max(1.0, span / 600))))
        dates = sorted(
            {start + D(days=rng.randint(30, span - 14)) for _ in range(moves)}
            if span > 60
            else set()
        )
        dates = [start] + [d for i, d in enumerate(dates) if (d - ([start] + dates)[i]).days >= 21]
        plan = []
        for n, day in enumerate(dates):
            age = age_on(self.dob, day)
            year = collection_year(day)
            if short_breaks:  # not a long-term foster placement (U1, U4: rule 384)
                place, kind = "U6", "own"
            elif adopted and n == len(dates) - 1 and n > 0:
                place, kind = self.adoption_place(plan[-1][1]), "adoption"
            elif age >= 16 and self.chance(0.5):
                place, kind = ("K3" if year >= 2025 else "H5"), "supported"
            elif age >= 11 and self.chance(0.15):
                place, kind = "K2", "home"
            elif not self.uasc and self.chance(0.06):
                place, kind = "P1", "parent"
            else:
                place = rng.choice(["U4", "U6", "U6", "U5", "U1", "U3"])
                kind = "own" if place in ("U1", "U3") or self.chance(0.6) else "agency"
            same = place == "A5" or (
                n > 0 and place in ("U4", "U1") and plan[-1][1] in ("U6", "U3") and self.chance(0.4)
            )
            plan.append((day, place, kind, same))
        if adopted and len(plan) == 1:
            day = start + D(days=max(30, (stop - start).days - 200))
            place = self.adoption_place(plan[-1][1])
            plan.append((day, place, "adoption", place == "A5"))
        return plan

    def adoption_place(self, previous: str) -> str:
        """A5 (placed for adoption with the current foster carer, who stays: rule 217) after
        a foster placement, else A6."""
        place = self.rng.choice(["A5", "A6"])
        return place if previous.startswith("U") else "A6"

    def legal_plan(self, start, stop, *, short_breaks, adopted, segments):
        """[(from, LS)] in order; changes never on a placement's start unless meant (RNE B/U)."""
        rng = self.rng
        if short_breaks:  # an agreed series of short breaks: one episode (V3 is one stay)
            return [(start, "V4")]
        if self.uasc:
            return [(start, "V2")]
        first = rng.choice(["C1"] * 5 + ["V2"] * 4 + ["L1", "L2", "J1"])
        if first == "J1" and start <= birthday(self.dob, 10):  # SSDA903 rule 358
            first = "L1"
        if first == "V2" and any(place == "P1" for _, place, _, _ in segments):
            first = "C1"  # never placed with parents under section 20 (rule 378)
        plan = [(start, first)]
        span = (stop - start).days
        # Police protection lasts at most 72 hours (rule 361), an emergency protection
        # order at most 21 days (362); then a care order.
        longest = {"L1": 3, "L2": 20, "J1": 20}.get(first)
        if longest and span > 1:
            plan.append((start + D(days=rng.randint(1, min(longest, span - 1))), "C1"))
        if plan[-1][1] == "C1" and span > 200 and self.chance(0.85):
            day = plan[-1][0] + D(days=rng.randint(90, 180))
            if day < stop - D(days=5):
                plan.append((day, "C2"))
        if adopted:
            adoption_start = segments[-1][0]
            plan = [p for p in plan if p[0] < adoption_start - D(days=30)] or plan[:1]
            day = adoption_start - D(days=rng.randint(30, 90))
            day = min(adoption_start, max(day, plan[-1][0] + D(days=1)))  # rule 408
            if day > plan[-1][0]:
                plan.append((day, "E1"))
        return plan

    def placement_area(self) -> tuple[str, ...]:
        """Where a placement is: in the council's own area mostly, in a neighbouring
        council's (the next seeded one) about one time in eight."""
        councils = self.w.councils
        if len(councils) > 1 and self.chance(0.12):
            other = councils[(councils.index(self.council) + 1) % len(councils)]
            return self.w.postcodes[other.pk]
        return self.w.postcodes[self.council.pk]

    def write_placements(self, period_id, segments, end):
        rng, council = self.rng, self.council
        written = []
        carer = None
        previous_postcode = None
        for n, (day, place, kind, same) in enumerate(segments):
            until = segments[n + 1][0] if n + 1 < len(segments) else end
            provider = None if kind == "parent" else self.w.providers[council.pk][kind]
            provider_type = (
                "PR0"
                if kind == "parent"
                else (
                    "PR5" if kind == "supported" else "PR4" if kind in ("agency", "home") else "PR1"
                )
            )
            if not same:
                previous, carer = carer, None
                while place.startswith("U") and carer in (None, previous):  # a new carer
                    carer = rng.choice(self.w.carers[council.pk])
            reason = (
                ""
                if until is None or until == end
                else ("PLACE" if segments[n + 1][3] else rng.choice(MOVE_REASONS))
            )
            long_term = place in ("U1", "U4")
            placement_id = self.id("placements_placement")
            postcode = previous_postcode
            # A move is to another address (rule 435), and away from home unless with
            # parents (392d).
            while postcode == previous_postcode or (postcode == self.home and place != "P1"):
                postcode = rng.choice(self.placement_area())
            previous_postcode = postcode
            miles = postcodes.distance_miles(self.home, postcode)
            # Open when the DfE withdrew its type: re-coded, as a worker does on the
            # placement's page (placements.services.episodes.correct_placement).
            recoded_from, recoded_on = "", None
            successors = RECODED_AS["PLACE"].get(place)
            if successors and (until or self.today) >= K3_FROM:
                recoded_from, recoded_on, place = place, K3_FROM, successors[0]
            self.rows.add(
                "placements_placement",
                placement_id,
                self.now,
                self.now,
                1,
                self.child_id,
                period_id,
                carer,
                provider,
                place,
                provider_type,
                day,
                until,
                reason,
                postcode,
                f"SC{URN_PREFIX[kind] + (council.pk % 1000):06d}" if URN_PREFIX[kind] else "",
                None if miles is None else Decimal(str(miles)),
                postcodes.placement_council(postcode) != council.ons_code,
                long_term,
                day + D(days=rng.randint(0, 60)) if long_term and self.chance(0.5) else None,
                kind == "parent" and self.chance(0.3),
                self.short_breaks,
                recoded_from,
                recoded_on,
            )
            weekly = {
                "own": (300, 600),
                "agency": (700, 1100),
                "home": (3500, 6500),
                "supported": (800, 1600),
                "parent": (0, 50),
                "adoption": (200, 400),
            }[kind]
            self.rows.add(
                "placements_placementcost",
                self.id("placements_placementcost"),
                self.now,
                self.now,
                placement_id,
                day,
                until,
                Decimal(rng.randint(*weekly)),
                "council",
                None,
            )
            written.append((placement_id, day, until, place, carer, same, reason))
        return written

    def write_episodes(self, period_id, placements, statuses, end, reason):
        """A new episode at every placement or legal-status change; X1 between."""
        changes = sorted({p[1] for p in placements} | {s[0] for s in statuses})
        episodes = []
        for day in changes:
            placement = [p for p in placements if p[1] <= day][-1]
            status = [s for s in statuses if s[0] <= day][-1][1]
            episodes.append((day, placement, status))
        previous = None
        for n, (day, placement, status) in enumerate(episodes):
            until = episodes[n + 1][0] if n + 1 < len(episodes) else end
            if previous is None:
                rne = "S"
            else:
                placed = placement[1] == day
                status_changed = status != previous[2]
                if placed and status_changed:
                    rne = "U" if placement[5] else "B"
                elif placed:
                    rne = "T" if placement[5] else "P"
                else:
                    rne = "L"
            rec = (
                "X1"
                if until is not None and until != end
                else (reason if until is not None else "")
            )
            next_placed = n + 1 < len(episodes) and episodes[n + 1][1][1] == episodes[n + 1][0]
            change_reason = placement[6] if rec == "X1" and next_placed else ""
            self.rows.add(
                "placements_episode",
                self.id("placements_episode"),
                self.now,
                self.now,
                self.child_id,
                period_id,
                placement[0],
                day,
                until,
                rne,
                status,
                rec,
                change_reason,
                self.home,
            )
            previous = (day, placement, status)

    # -- who holds the case --------------------------------------------------------------
    def holders(self, start, end):
        rng, w = self.rng, self.w
        contracts = w.contracts_by_council[self.council.pk]
        first_council = self.council.pk == w.councils[0].pk
        use_practice = contracts and self.chance(0.7)
        if use_practice:
            contract = contracts[self.index % len(contracts)] if not first_council else contracts[0]
            practice_id, contract_id = contract.practice_id, contract.pk
            staff = w.practice_staff[practice_id]
        else:
            practice_id, contract_id = None, None
            staff = w.council_staff[self.council.pk]
        allocation_id = self.add(
            "placements_allocation",
            self.child_id,
            practice_id,
            contract_id,
            start,
            end,
            "" if end is None else "Period of care ended",
        )
        if practice_id and end is None:
            for perm in self.w.permission_ids:
                self.rows.add(
                    "placements_childgroupobjectpermission",
                    self.id("placements_childgroupobjectpermission"),
                    perm,
                    self.w.practice_groups[practice_id],
                    self.child_id,
                )
        # workers: change every year or two
        self.workers = []
        day = start
        while True:
            worker, sw_id = rng.choice(staff.workers)
            nxt = day + D(days=rng.randint(250, 800))
            until = (
                nxt
                if (end is None and nxt < self.today) or (end is not None and nxt < end)
                else end
            )
            if until is None and self.council.pk == w.councils[0].pk:
                demo = w.take_demo(practice_id, self.council.pk)
                if demo:
                    worker, sw_id = demo
            self.add(
                "placements_workerallocation",
                self.child_id,
                allocation_id,
                worker,
                sw_id,
                day,
                until,
                rng.choice(SW_REASONS)
                if until is not None and until != end
                else ("TSPROC" if until else ""),
            )
            self.workers.append((day, until, worker))
            if until is None or until == end:
                break
            day = until
        iros = w.council_staff[self.council.pk].iros
        return iros[self.index % len(iros)]

    def worker_on(self, day):
        for start, until, worker in self.workers:
            if start <= day and (until is None or day < until):
                return worker
        return self.workers[-1][2]

    # -- statutory work -------------------------------------------------------------------
    def statutory(self, period_id, start, stop, end, placements, iro):
        rng, today = self.rng, self.today
        last = min(stop, today) - D(days=1)
        # reviews: 20 working days (about 28 days), then 3 months, then 6-monthly
        due = start + D(days=28)
        gap = 3
        while due <= last:
            if self.chance(0.97):
                held = min(self.late(due, 0.08, 25), last)
                if held > start:
                    code = (
                        "PN0"
                        if age_on(self.dob, held) < 4
                        else rng.choice(["PN1"] * 4 + ["PN2", "PN3", "PN4", "PN5", "PN6", "PN7"])
                    )
                    self.add(
                        "placements_review",
                        1,
                        self.child_id,
                        period_id,
                        held,
                        code,
                        iro,
                        None,
                        "",
                        iro,
                    )
                    due = add_months(held, gap)
                else:
                    due = add_months(due, gap)
            else:
                due = add_months(due, gap)
            gap = 6
        # visits per placement: within a week, then about every 6 weeks
        for placement_id, day, until, *_ in placements:
            finish = min(until or today, today)
            visit_due = day + D(days=7)
            while visit_due < finish:
                if self.chance(0.97):
                    when = min(self.late(visit_due, 0.12, 20), finish - D(days=1))
                    if when >= day:
                        seen = self.chance(0.96)
                        self.add(
                            "placements_visit",
                            1,
                            self.child_id,
                            placement_id,
                            when,
                            "statutory",
                            seen,
                            seen and self.chance(0.7),
                            "placement" if self.chance(0.85) else "school",
                            "Visit recorded.",
                            "",
                            self.worker_on(when),
                        )
                        visit_due = when + D(days=42)
                        continue
                visit_due += D(days=42)
            planned = self.late(day + D(days=5), 0.1, 10)
            if planned <= today:
                self.add(
                    "placements_plan",
                    1,
                    self.child_id,
                    placement_id,
                    "placement_plan",
                    planned,
                    True,
                    "",
                    self.worker_on(day),
                )
            for recipient in ("child", "parents", "gp", "iro"):
                told = self.late(day + D(days=4), 0.1, 10)
                if told <= today:
                    self.add("placements_placementnotification", placement_id, recipient, told)
        care_plan = self.late(start + D(days=12), 0.1, 15)
        if care_plan <= today:
            self.add(
                "placements_plan",
                1,
                self.child_id,
                None,
                "care_plan",
                care_plan,
                False,
                "",
                self.worker_on(start),
            )
        # health: initial within about 28 days, then 6 months under 5, 12 months from 5
        due = start + D(days=28)
        kind = "initial"
        while due <= last:
            done = self.late(due, 0.15, 40)
            if done > last:
                break
            self.add(
                "placements_healthassessment",
                1,
                self.child_id,
                kind,
                done,
                "Looked-after children's nurse",
                self.chance(0.9),
                "",
                self.worker_on(done),
            )
            due = add_months(done, 6 if age_on(self.dob, done) < 5 else 12)
            kind = "review"
        year = start + D(days=rng.randint(20, 120))
        while year <= last:
            self.add("placements_dentalcheck", self.child_id, year)
            self.add("placements_immunisationstatus", self.child_id, year, self.chance(0.88))
            # Each year that has the child aged 4 to 16 on some day of it has its SDQ, those
            # turning 4 or 17 included (rules 186, 197B): a reason (SDQ1) on a day outside.
            first, last_day = (
                dt.date(collection_year(year), 4, 1),
                dt.date(collection_year(year) + 1, 3, 31),
            )
            if birthday(self.dob, 4) <= last_day and birthday(self.dob, 17) > first:
                if not 4 <= age_on(self.dob, year) <= 16:
                    self.add("placements_sdqassessment", self.child_id, year, None, "SDQ1")
                elif self.chance(0.85):
                    self.add(
                        "placements_sdqassessment", self.child_id, year, rng.randint(2, 30), ""
                    )
                else:
                    self.add(
                        "placements_sdqassessment",
                        self.child_id,
                        year,
                        None,
                        rng.choice(["SDQ2", "SDQ4", "SDQ5"]),
                    )
            year = add_months(year, 12)
        # education: PEP for ages 3-17, initial within about 14 days, then termly
        school_from = max(start, birthday(self.dob, 4))
        if school_from < min(stop, birthday(self.dob, 16)):
            self.add(
                "placements_schoolenrolment",
                self.child_id,
                f"{self.council.name.split()[0]} Academy",
                "",
                school_from,
                end,
            )
        pep = max(start + D(days=14), birthday(self.dob, 3) + D(days=14))
        kind = "initial"
        while pep <= last and age_on(self.dob, pep) < 18:
            term = (
                next(t for m, _, t in TERMS if m == pep.month)
                if pep.month in (9, 1, 4)
                else ("autumn" if pep.month >= 9 else "spring" if pep.month < 4 else "summer")
            )
            self.add(
                "placements_educationplan",
                1,
                self.child_id,
                kind,
                pep,
                term,
                "",
                None,
                "",
                self.worker_on(pep),
            )
            pep = add_months(pep, 4) + D(days=rng.randint(-10, 10))
            kind = "review"
        # missing episodes for some older children
        if age_on(self.dob, last) >= 11 and self.chance(0.12):
            begins = sorted(
                start + D(days=rng.randint(0, max(0, (last - start).days)))
                for _ in range(rng.randint(1, 4))
            )
            previous_back = None
            for n, begin in enumerate(begins):
                back = begin + D(days=rng.randint(0, 3))
                if back > last:  # still missing today, or back by the end of care (577)
                    back = None if end is None else min(back, end)
                if n and (previous_back is None or begin <= previous_back):
                    continue  # SSDA903 rule 574: missing periods do not overlap
                previous_back = back
                self.add(
                    "placements_missingepisode",
                    1,
                    self.child_id,
                    rng.choice("MMA"),
                    begin,
                    back,
                    back + D(days=2) if back and back + D(days=2) <= today else None,
                    self.chance(0.6) if back else None,
                    "",
                    self.worker_on(begin),
                )
        for _ in range(rng.randint(2, 5)):
            when = start + D(days=rng.randint(0, max(0, (last - start).days)))
            self.add(
                "placements_casenote",
                1,
                self.child_id,
                when,
                rng.choice(["general", "contact", "health", "education"]),
                rng.choice(NOTE_SUBJECTS),
                "Note recorded.",
                self.chance(0.15),
                self.worker_on(when),
            )

    def liberty(self, placements):
        """Deprivation of liberty orders for some children in children's homes (K2): made
        after the move in and ended before the move out (rules 705, 707, 709, 710), or
        still in force in a home they are still in."""
        rng = self.liberty_rng
        for _, day, until, place, *_ in placements:
            stop = until or self.today
            if place != "K2" or (stop - day).days < 45 or rng.random() >= 0.3:
                continue
            started = day + D(days=rng.randint(1, 14))
            ended = started + D(days=rng.randint(20, (stop - started).days - 1))
            if until is None and rng.random() < 0.6:
                ended = None  # still in force
            self.add(
                "placements_deprivationofliberty",
                1,
                self.child_id,
                started,
                ended,
                "High Court (Family Division)",
                "",
                None,
            )

    def adoption(self, segments, statuses, end):
        rng = self.rng
        placed = segments[-1][0]
        # Decided while looked after (SSDA903 rules 334, 1003), before the placement and
        # before the placement order (legal status E1: rule 554).
        decided = max(segments[0][0], placed - D(days=rng.randint(40, 120)))
        decided = min([decided] + [day for day, status in statuses if status == "E1"])
        self.add("placements_adoptiondecision", self.child_id, decided, None, "")
        matched = max(decided, placed - D(days=rng.randint(5, 30)))
        # Number, sexes and legal status of adopters agree (rules 511, 514, 517 to 524).
        sexes = (
            rng.choice(["MF", "MF", "FF", "MM"]) if self.chance(0.8) else rng.choice(["M1", "F1"])
        )
        status = (
            "L0"
            if sexes in ("M1", "F1")
            else rng.choice(["L11", "L3"])
            if sexes == "MF"
            else rng.choice(["L12", "L4"])
        )
        self.add(
            "placements_adoption",
            self.child_id,
            decided,
            matched,
            end,
            segments[-1][1] in ("A3", "A5"),  # adopted by the foster carer (rule 335)
            1 if sexes in ("M1", "F1") else 2,
            sexes,
            status,
        )

    def care_leaver(self):
        rng = self.rng
        for years in range(17, 22):
            day = birthday(self.dob, years)
            if day > self.today or day < self.today - D(days=3 * 365):
                continue
            in_touch = "YES" if self.chance(0.9) else rng.choice(["NO", "REFU"])
            contact = min(day + D(days=rng.randint(-20, 20)), self.today)
            self.add(
                "placements_careleavercontact",
                self.child_id,
                day,
                contact,
                in_touch,
                rng.choice(ACTIV),  # SSDA903 rule 153: coded even when not in touch
                rng.choice(ACCOM),
            )
