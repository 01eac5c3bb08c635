from placements.models.allocations import Allocation, WorkerAllocation
from placements.models.calendar import NonWorkingDay
from placements.models.casework import (
    CaseNote,
    DeprivationOfLiberty,
    MissingEpisode,
    Plan,
    Visit,
)
from placements.models.children import Child, Episode, IROAppointment, PeriodOfCare, Review
from placements.models.codes import Code, CodedModel, CodeField
from placements.models.deadlines import Deadline
from placements.models.education import EducationPlan, SchoolEnrolment
from placements.models.health import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    SDQAssessment,
    SubstanceMisuse,
)
from placements.models.homes import Carer, Placement, PlacementCost, PlacementNotification, Provider
from placements.models.permanence import (
    Adoption,
    AdoptionDecision,
    CareLeaverContact,
    PreviousPermanence,
)
from placements.models.permissions import ChildGroupObjectPermission, ChildUserObjectPermission

__all__ = [
    "Adoption",
    "AdoptionDecision",
    "Allocation",
    "CareLeaverContact",
    "Carer",
    "CaseNote",
    "Child",
    "ChildGroupObjectPermission",
    "ChildUserObjectPermission",
    "Code",
    "CodeField",
    "CodedModel",
    "Conviction",
    "Deadline",
    "DentalCheck",
    "EducationPlan",
    "Episode",
    "HealthAssessment",
    "IROAppointment",
    "ImmunisationStatus",
    "DeprivationOfLiberty",
    "MissingEpisode",
    "NonWorkingDay",
    "PeriodOfCare",
    "Placement",
    "PlacementCost",
    "PlacementNotification",
    "Plan",
    "PreviousPermanence",
    "Provider",
    "Review",
    "SDQAssessment",
    "SchoolEnrolment",
    "SubstanceMisuse",
    "Visit",
    "WorkerAllocation",
]
