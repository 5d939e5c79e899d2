from ninja import Router

from congvu.accounts import api_requests, api_users

router = Router()
router.add_router("/", api_users.router)
router.add_router("/", api_requests.router)
