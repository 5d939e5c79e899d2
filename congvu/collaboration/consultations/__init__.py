"""Consultations on a draft: answers by a deadline, non-responders visible (COL-5; seed 002 Đ7.5)."""
