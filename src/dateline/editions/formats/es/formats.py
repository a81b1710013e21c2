# Spanish edition: day first (23/10/2013, 00:00).
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = "d/m/Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
