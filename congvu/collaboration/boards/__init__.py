"""The public board and the boards of the Party cell, trade union and youth union (COL-3, COL-6; seed 002 Đ7.3, Đ7.6–7.8)."""
