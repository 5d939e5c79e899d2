"""Fault, misuse and feature reports from any page; a lost account ends its sessions (ADM-5; seed 000 Đ9.3–9.5)."""
