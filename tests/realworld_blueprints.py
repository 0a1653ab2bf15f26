"""Blueprints for the public data files in tests/data/realworld (their README says where each is from)."""

WEATHER = {"name": "Weather", "sheets": [{"name": "Days", "slug": "days", "fields": [
    {"key": "date", "type": "date", "label": "Datum"},
    {"key": "precipitation", "type": "number", "label": "Niederschlag (mm)"},
    {"key": "temp_max", "type": "number", "label": "Temp. max (°C)"},
    {"key": "temp_min", "type": "number", "label": "Temp. min (°C)"},
    {"key": "wind", "type": "number", "label": "Wind (m/s)"},
    {"key": "weather", "type": "enum", "label": "Wetter", "config": {"options": [
        {"value": v} for v in ("drizzle", "rain", "sun", "snow", "fog")]}}]}]}
AIR = {"name": "Air", "sheets": [{"name": "Air", "slug": "air", "fields": [
    {"key": "ozone", "type": "number", "label": "Ozone"}, {"key": "solar", "type": "number", "label": "Solar.R"},
    {"key": "wind", "type": "number", "label": "Wind"}, {"key": "temp", "type": "number", "label": "Temp"},
    {"key": "date", "type": "date", "label": "Date"}]}]}
ECONOMICS = {"name": "Economics", "sheets": [{"name": "Economics", "slug": "econ", "fields": [
    {"key": "month", "type": "date", "label": "Month"},
    {"key": "pce", "type": "number", "label": "Personal consumption ($bn)"},
    {"key": "pop", "type": "number", "label": "Population (000s)"},
    {"key": "psavert", "type": "number", "label": "Savings rate"},
    {"key": "uempmed", "type": "number", "label": "Median weeks unemployed"},
    {"key": "unemploy", "type": "number", "label": "Unemployed (000s)"}]}]}
