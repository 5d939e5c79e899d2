"""Work calendars of leaders, units and the agency (COL-1, TASK-6; seed 002 Đ7.1)."""
