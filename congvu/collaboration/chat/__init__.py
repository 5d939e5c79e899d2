"""Work chat, one-to-one and in groups, with unread counts (COL-8; seed 002 Đ11)."""
