"""Every statutory deadline rule, in one registry.

Each rule is a class named after its source, whose docstring quotes the source and is the
default message (`Rule.message()`). `derive(child, ctx)` is a pure function of the child's
snapshot (placements.deadlines.snapshot) and the context (today, working-day calendar).
"""

from placements.deadlines.rules.base import HISTORY_DAYS, Context, Rule
from placements.deadlines.rules.education import CPPCR_Reg5_InitialPEP, PEP_TermlyReview
from placements.deadlines.rules.health import HealthAssessment_Initial, HealthAssessment_Review
from placements.deadlines.rules.plans import (
    CPPCR_Reg4_CarePlan,
    CPPCR_Reg9_PlacementPlan,
    CPPCR_Reg13_PlacementNotifications,
    CPPCR_Reg42_PathwayNeedsAssessment,
    PermanencePlan_BySecondReview,
)
from placements.deadlines.rules.reviews import (
    CPPCR_Reg33_FirstReview,
    CPPCR_Reg33_LaterReviews,
    CPPCR_Reg33_SecondReview,
    CPPCR_Reg48_ShortBreakReviews,
)
from placements.deadlines.rules.visits import (
    CPPCR_Reg28_3_ParentBeforeAssessment,
    CPPCR_Reg28_3A_LongTermFoster,
    CPPCR_Reg28_4_ConnectedPersonTemporary,
    CPPCR_Reg28_StandardVisits,
    CPPCR_Reg28_VisitWithinOneWeekOfPlacement,
    CPPCR_Reg48_ShortBreakVisits,
)
from placements.deadlines.snapshot import ChildSnapshot

RULES: tuple[type[Rule], ...] = (
    CPPCR_Reg4_CarePlan,
    CPPCR_Reg9_PlacementPlan,
    CPPCR_Reg13_PlacementNotifications,
    CPPCR_Reg33_FirstReview,
    CPPCR_Reg33_SecondReview,
    CPPCR_Reg33_LaterReviews,
    CPPCR_Reg48_ShortBreakReviews,
    CPPCR_Reg28_VisitWithinOneWeekOfPlacement,
    CPPCR_Reg28_StandardVisits,
    CPPCR_Reg28_3_ParentBeforeAssessment,
    CPPCR_Reg28_4_ConnectedPersonTemporary,
    CPPCR_Reg28_3A_LongTermFoster,
    CPPCR_Reg48_ShortBreakVisits,
    HealthAssessment_Initial,
    HealthAssessment_Review,
    CPPCR_Reg5_InitialPEP,
    PEP_TermlyReview,
    PermanencePlan_BySecondReview,
    CPPCR_Reg42_PathwayNeedsAssessment,
)
RULES_BY_NAME = {rule.name(): rule for rule in RULES}


def derive(child: ChildSnapshot, ctx: Context) -> list[dict]:
    """All the child's deadlines: open ones for care still going on, and met ones from the
    last two years (HISTORY_DAYS), sorted by due date."""
    child.memo.clear()  # shared structures are worked out afresh for this context
    out = []
    for rule in RULES:
        out += [d for d in rule.derive(child, ctx) if ctx.shows(d["due_on"], d["met_on"])]
    out.sort(key=lambda d: (d["due_on"], d["rule"], d["key"]))
    return out


__all__ = ["HISTORY_DAYS", "RULES", "RULES_BY_NAME", "Context", "Rule", "derive", *RULES_BY_NAME]
