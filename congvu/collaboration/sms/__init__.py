"""SMS notices sent by authorised people through a pluggable gateway (COL-9; seed 002 Đ11)."""
