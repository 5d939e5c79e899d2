import datetime as dt
from congvu.assignments import services
def test_scratch(province, signed_in):
    p = province
    item = services.assignment_create(actor=p.truong_phong, title="Rà soát biên chế", lead_user=p.chuyen_vien, deadline_working_days=5, checklist=["a","b"])
    c = signed_in(p.chuyen_vien)
    for url in ["/", "/cong-viec/", "/cong-viec/?nhom=qua-han", "/cong-viec/da-giao/", "/cong-viec/don-vi/", "/cong-viec/giao-viec/", f"/cong-viec/{item.pk}/", "/cong-viec/giao-viec/han/?start_date=2026-06-01&deadline_working_days=5"]:
        r = c.get(url)
        print(url, r.status_code)
        if url.endswith("han/?start_date=2026-06-01&deadline_working_days=5"): print(r.content.decode())
    c2 = signed_in(p.truong_phong)
    for url in ["/", "/cong-viec/da-giao/", "/cong-viec/don-vi/", "/cong-viec/giao-viec/", f"/cong-viec/{item.pk}/"]:
        r = c2.get(url); print(url, r.status_code)
