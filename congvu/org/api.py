from ninja import Router

from congvu.org import api_delegations, api_units

router = Router()
router.add_router("/", api_units.router)
router.add_router("/", api_delegations.router)
