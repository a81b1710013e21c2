# English edition: month first, as the English pages print it (10/23/2013, 00.00).
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "m/d/Y, H.i"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y H.i"
TIME_FORMAT = "H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
