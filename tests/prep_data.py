"""Real public data for the preparation tools' tests (tests/data/realworld/prep/README.md):
blueprints for its cars and airport cities, shared by the core, command-line and window tests."""

from support import DATA

PREP = DATA / "realworld" / "prep"
CARS = {"name": "Cars", "sheets": [{"name": "Cars", "slug": "cars", "fields": [
    {"key": "name", "type": "string", "label": "Name"},
    {"key": "mpg", "type": "number", "label": "Miles per gallon"},
    {"key": "hp", "type": "number", "label": "Horsepower"},
    {"key": "year", "type": "date", "label": "Year"},
    {"key": "origin", "type": "string", "label": "Origin"},
    {"key": "make", "type": "string", "label": "Make"},
    {"key": "model", "type": "string", "label": "Model"}]}]}
CITIES = {"name": "Airports", "sheets": [{"name": "Cities", "slug": "cities", "fields": [
    {"key": "city", "type": "string", "label": "City"}, {"key": "state", "type": "string", "label": "State"}]}]}
CARS_COLUMNS = {"Name": "name", "Miles_per_Gallon": "mpg", "Horsepower": "hp", "Year": "year", "Origin": "origin"}
