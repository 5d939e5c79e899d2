def test_home_shows_persons_unit_and_role(province, signed_in):
    client = signed_in(province.van_thu)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Văn phòng UBND tỉnh" in body
    assert "Văn thư" in body
