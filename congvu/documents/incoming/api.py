from ninja import Router

router = Router(tags=["documents-incoming"])
dossiers = Router(tags=["documents-dossiers"])
