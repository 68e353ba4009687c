"""
The allocation engine: distribution keys, the AMMR solidarity pool and placement.

Pure Python over plain values (numpy and HiGHS inside); no Django, files or clock. The
packaged key figures are read with ``importlib.resources``; everything else comes in as
values. Specification: ``specs/allocation.md``; user guide: ``docs/allocation.md``.
"""

from haven.engines.allocation.apportion import largest_remainder
from haven.engines.allocation.data import (
    FIGURE_FILES,
    KeyData,
    default_key_data,
    key_data_from_texts,
    parse_figures_csv,
)
from haven.engines.allocation.errors import (
    AllocationError,
    DataFileError,
    KeyInputError,
    PlacementInputError,
    SolidarityInputError,
    SolverError,
)
from haven.engines.allocation.keys import (
    KEYS,
    KeyResult,
    StateShare,
    ammr_shares,
    distribute,
    eu2015_shares,
    participating_states,
    population_shares,
)
from haven.engines.allocation.placement.csvio import (
    parse_families_csv,
    parse_places_csv,
)
from haven.engines.allocation.placement.model import (
    LARGE_FAMILY_SIZE,
    OBJECTIVES,
    SERVICES,
    Assignment,
    Family,
    Objective,
    Place,
    PlacementReport,
    Unplaced,
)
from haven.engines.allocation.placement.solve import (
    SOLVERS,
    place_families,
    resolve_objective,
)
from haven.engines.allocation.solidarity import (
    AMMR_MINIMUM_RELOCATIONS,
    EUR_PER_RELOCATION,
    Pledge,
    SolidarityPool,
    StateContribution,
    solidarity_pool,
)

__all__ = [
    "AMMR_MINIMUM_RELOCATIONS",
    "EUR_PER_RELOCATION",
    "FIGURE_FILES",
    "KEYS",
    "LARGE_FAMILY_SIZE",
    "OBJECTIVES",
    "SERVICES",
    "SOLVERS",
    "AllocationError",
    "Assignment",
    "DataFileError",
    "Family",
    "KeyData",
    "KeyInputError",
    "KeyResult",
    "Objective",
    "Place",
    "PlacementInputError",
    "PlacementReport",
    "Pledge",
    "SolidarityInputError",
    "SolidarityPool",
    "SolverError",
    "StateContribution",
    "StateShare",
    "Unplaced",
    "ammr_shares",
    "default_key_data",
    "distribute",
    "eu2015_shares",
    "key_data_from_texts",
    "largest_remainder",
    "parse_families_csv",
    "parse_figures_csv",
    "parse_places_csv",
    "participating_states",
    "place_families",
    "population_shares",
    "resolve_objective",
    "solidarity_pool",
]
