from ninja import Router

router = Router(tags=["assignment reports"])
