"""Internal messages between people and units, each person's own copy (COL-2; seed 002 Đ7.2)."""
