"""Seed the agency calendar with the official 2025 and 2026 days (standards §4.2, R-WD-1).

Every weekday off and every make-up Saturday decided for civil servants is written as a
``CalendarOverride`` row with the document that decided it, so the table alone describes the
official year and an administrator can correct it. The rows are frozen here on purpose: a later
year gets its own data migration (or is entered in the admin).
"""

import datetime as dt

from django.db import migrations

LAO_DONG = "Bộ luật Lao động 2019, Điều 112"
TB_6150 = "TB 6150/TB-BLĐTBXH"
TB_9441 = "TB 9441/TB-BNV"
CV_12729 = "CV 12729/VPCP-KGVX"
SWAP_2025 = "Hoán đổi ngày làm việc dịp 30/4–1/5/2025 (Thủ tướng đồng ý)"

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

# (date, kind, name, source)
ROWS = [
    # 2025
    (dt.date(2025, 1, 1), DAY_OFF, "Tết Dương lịch", LAO_DONG),
    (dt.date(2025, 1, 27), DAY_OFF, "Tết Ất Tỵ (29 Tết)", TB_6150),
    (dt.date(2025, 1, 28), DAY_OFF, "Tết Ất Tỵ (Giao thừa)", TB_6150),
    (dt.date(2025, 1, 29), DAY_OFF, "Tết Ất Tỵ (Mùng 1)", TB_6150),
    (dt.date(2025, 1, 30), DAY_OFF, "Tết Ất Tỵ (Mùng 2)", TB_6150),
    (dt.date(2025, 1, 31), DAY_OFF, "Tết Ất Tỵ (Mùng 3)", TB_6150),
    (dt.date(2025, 4, 7), DAY_OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAO_DONG),
    (dt.date(2025, 4, 26), WORKING_DAY, "Làm bù cho ngày 02/05/2025", SWAP_2025),
    (dt.date(2025, 4, 30), DAY_OFF, "Ngày Chiến thắng", LAO_DONG),
    (dt.date(2025, 5, 1), DAY_OFF, "Ngày Quốc tế Lao động", LAO_DONG),
    (dt.date(2025, 5, 2), DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)", SWAP_2025),
    (dt.date(2025, 9, 1), DAY_OFF, "Quốc khánh", TB_6150),
    (dt.date(2025, 9, 2), DAY_OFF, "Quốc khánh", TB_6150),
    # 2026
    (dt.date(2026, 1, 1), DAY_OFF, "Tết Dương lịch", LAO_DONG),
    (dt.date(2026, 1, 2), DAY_OFF, "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)", CV_12729),
    (dt.date(2026, 1, 10), WORKING_DAY, "Làm bù cho ngày 02/01/2026", CV_12729),
    (dt.date(2026, 2, 16), DAY_OFF, "Tết Bính Ngọ (Giao thừa)", TB_9441),
    (dt.date(2026, 2, 17), DAY_OFF, "Tết Bính Ngọ (Mùng 1)", TB_9441),
    (dt.date(2026, 2, 18), DAY_OFF, "Tết Bính Ngọ (Mùng 2)", TB_9441),
    (dt.date(2026, 2, 19), DAY_OFF, "Tết Bính Ngọ (Mùng 3)", TB_9441),
    (dt.date(2026, 2, 20), DAY_OFF, "Tết Bính Ngọ (Mùng 4)", TB_9441),
    (dt.date(2026, 4, 27), DAY_OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (26/04 là Chủ nhật)", LAO_DONG),
    (dt.date(2026, 4, 30), DAY_OFF, "Ngày Chiến thắng", LAO_DONG),
    (dt.date(2026, 5, 1), DAY_OFF, "Ngày Quốc tế Lao động", LAO_DONG),
    (dt.date(2026, 8, 22), WORKING_DAY, "Làm bù cho ngày 31/08/2026", TB_9441),
    (dt.date(2026, 8, 31), DAY_OFF, "Nghỉ Quốc khánh (hoán đổi, làm bù thứ Bảy 22/08/2026)", TB_9441),
    (dt.date(2026, 9, 1), DAY_OFF, "Quốc khánh", TB_9441),
    (dt.date(2026, 9, 2), DAY_OFF, "Quốc khánh", TB_9441),
]


def seed(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    db = schema_editor.connection.alias
    for day, kind, name, source in ROWS:
        # An agency may already have entered the day by hand: its row is kept as it is.
        CalendarOverride.objects.using(db).get_or_create(
            date=day, defaults={"kind": kind, "name": name, "source": source}
        )
    from congvu.core import calendar

    calendar.invalidate()


def unseed(apps, schema_editor):
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    db = schema_editor.connection.alias
    for day, kind, name, source in ROWS:
        CalendarOverride.objects.using(db).filter(date=day, kind=kind, name=name, source=source).delete()
    from congvu.core import calendar

    calendar.invalidate()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
