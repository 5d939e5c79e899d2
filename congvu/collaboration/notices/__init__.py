"""Maintenance and incident notices shown to every signed-in user (ADM-4; seed 004 Đ8, Đ11.2.b)."""
