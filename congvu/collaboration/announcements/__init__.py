"""Announcements by the leaders of the agency, its units and organisations, with read receipts (COL-4; seed 002 Đ7.4)."""
