"""Reminders a superior sends: official orders, acknowledged and followed up (COL-7; seed 002 Đ8)."""
