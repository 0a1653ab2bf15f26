"""Themes take any CSS colour (issue 13, item 5): names, #rgb/#rgba/#rrggbb/#rrggbbaa, rgb()/rgba()
with commas or spaces, hsl()/hsla(); kept exactly as given, refused in one line when they are no
colour, and measured for contrast whatever their syntax. Keys use Flatfile's own names."""

import json

import pytest
from support import write

from flatspace_desktop.domain import csscolour as C
from flatspace_desktop.domain import theme as T
from flatspace_desktop.domain.errors import InvalidInput


def rgba(text):
    value = C.parse(text)
    assert value is not None, text
    return tuple(C.byte(v) for v in value[:3]) + (round(value[3], 3),)


@pytest.mark.parametrize("text, expected", [
    # names: all of CSS Color 4's, any case, and transparent
    ("red", (255, 0, 0, 1)), ("white", (255, 255, 255, 1)), ("RebeccaPurple", (102, 51, 153, 1)),
    ("  navy ", (0, 0, 128, 1)), ("transparent", (0, 0, 0, 0)), ("lightgoldenrodyellow", (250, 250, 210, 1)),
    # hex, alpha last as in CSS
    ("#f00", (255, 0, 0, 1)), ("#F008", (255, 0, 0, 0.533)), ("#4f46e5", (79, 70, 229, 1)),
    ("#4F46E580", (79, 70, 229, 0.502)),
    # rgb() and rgba(): commas or spaces, numbers or percentages, ", a" or "/ a"
    ("rgb(79, 70, 229)", (79, 70, 229, 1)), ("rgb(79 70 229)", (79, 70, 229, 1)),
    ("rgba(79, 70, 229, 0.5)", (79, 70, 229, 0.5)), ("rgba(79 70 229 / 50%)", (79, 70, 229, 0.5)),
    ("rgb(100%, 50%, 0%)", (255, 128, 0, 1)), ("rgb(100% 50% 0% / .25)", (255, 128, 0, 0.25)),
    ("rgb(79.4 70 229)", (79, 70, 229, 1)), ("RGB( 300 , -5 , 0 )", (255, 0, 0, 1)),  # clamped, as CSS does
    ("rgba(0 0 0)", (0, 0, 0, 1)), ("rgb(0, 0, 0, 1.5)", (0, 0, 0, 1)), ("rgb(none 128 0)", (0, 128, 0, 1)),
    # hsl() and hsla(), hue in deg, grad, rad or turn
    ("hsl(210 50% 40%)", (51, 102, 153, 1)), ("hsl(210, 50%, 40%)", (51, 102, 153, 1)),
    ("hsl(210deg 50% 40%)", (51, 102, 153, 1)), ("hsl(0.5833turn 50% 40%)", (51, 102, 153, 1)),
    ("hsl(3.6652rad 50% 40%)", (51, 102, 153, 1)), ("hsl(233.33grad 50% 40%)", (51, 102, 153, 1)),
    ("hsla(210, 50%, 40%, 0.3)", (51, 102, 153, 0.3)), ("hsl(210 50% 40% / 30%)", (51, 102, 153, 0.3)),
    ("hsl(-150 50% 40%)", (51, 102, 153, 1)), ("hsl(570 50% 40%)", (51, 102, 153, 1)),
    ("hsl(120 100 25)", (0, 128, 0, 1)),  # modern syntax may give plain numbers
    ("hsl(0 0% 100%)", (255, 255, 255, 1)),
])
def test_every_css_syntax_reads(text, expected):
    assert rgba(text) == expected


@pytest.mark.parametrize("text", [
    "", "rebeccapurpel", "redd", "#12", "#12345", "#1234567", "#ggg", "4f46e5", "rgb(1, 2)", "rgb(1 2 3 4)",
    "rgb(1, 2, 3 / 1)", "rgb(1 2, 3)", "rgb(255, 50%, 0)", "rgb(1deg 2 3)", "rgb(1 2 3 / 50deg)", "rgb 1 2 3",
    "rgb(1 2 3", "hsl(210, 50, 40)", "hsl(10% 50% 50%)", "hsl(210 50% 40% /)", "hsl(none, 50%, 40%)",
    "currentColor", "var(--brand)", "lab(50% 40 59)", "color-mix(in srgb, red, blue)", "red blue", None, 12,
    ["red"], {"r": 1},
])
def test_what_is_no_colour_is_refused(text):
    assert C.parse(text) is None and not C.is_colour(text)


def test_all_148_named_colours_and_transparent():
    assert len(C.NAMED) == 148
    assert all(name.isalpha() and name.islower() for name in C.NAMED)
    # spot checks from CSS Color 4's table, including the ones people misremember
    spots = {"darkgray": "#a9a9a9", "gray": "#808080", "darkseagreen": "#8fbc8f", "lightslategray": "#778899",
             "mediumpurple": "#9370db", "papayawhip": "#ffefd5", "peru": "#cd853f", "yellowgreen": "#9acd32"}
    assert {n: C.to_hex(C.parse(n)) for n in spots} == spots
    assert C.parse("transparent")[3] == 0


def test_colours_written_back_out_and_blended():
    assert C.to_hex(C.parse("hsl(210 50% 40%)")) == "#336699"
    assert C.to_hex(C.parse("rgb(79 70 229 / 50%)")) == "#4f46e580"  # alpha last, as CSS writes it
    assert T.mix("red", "blue", 0.5) == "#800080"
    assert T.mix("rgb(0 0 0 / 0%)", "black", 0.5) == "#00000080"
    assert T.faded("rebeccapurple", 0.3) == "#6633994d"
    assert T.luminance("white") == pytest.approx(1) and T.luminance("black") == 0


# ---- contrast, whatever the syntax


@pytest.mark.parametrize("background, text", [
    ("yellow", "white"), ("hsl(60 100% 50%)", "rgb(255 255 255)"), ("#ff0", "#fff"),
    ("rgb(100% 100% 0%)", "hsla(0, 0%, 100%, 1)"),
])
def test_contrast_is_checked_on_named_rgb_and_hsl_colours(background, text):
    warnings = T.contrast_warnings({"sidebar": {"backgroundColor": background, "textColor": text}})
    assert any(w.startswith("Background (sidebar) and text: contrast 1.1:1") for w in warnings), warnings
    fine = T.contrast_warnings({"sidebar": {"backgroundColor": background, "textColor": "black",
                                            "titleColor": "black", "footerTextColor": "black"}})
    assert not [w for w in fine if "(sidebar)" in w]


def test_translucent_colours_are_measured_as_seen():
    assert T.contrast("black", "white") == pytest.approx(21)
    assert T.contrast("rgb(0 0 0 / 10%)", "white") < 1.5  # faint black text: barely there
    assert T.contrast("white", "rgba(0, 0, 0, 0)") == pytest.approx(1)  # a clear background shows the white under it
    warnings = T.contrast_warnings({"sidebar": {"backgroundColor": "#ffffff", "textColor": "rgb(0 0 0 / 15%)"}})
    assert any("Background (sidebar) and text" in w for w in warnings)


def test_contrast_covers_the_new_keys_with_their_own_names():
    theme = {"sidebar": {"backgroundColor": "navy", "footerTextColor": "midnightblue"},
             "table": {"indexColumn": {"selected": {"backgroundColor": "gold", "color": "yellow"}},
                       "filters": {"color": "whitesmoke"}}}
    warnings = " | ".join(T.contrast_warnings(theme))
    assert "Background (sidebar) and footer text" in warnings
    assert "Selected row numbers background (table) and selected row numbers text" in warnings
    assert "The window (desktop) and filters text" in warnings
    assert T.contrast_warnings({}) == [] and T.contrast_warnings({}, dark=True) == []
    for preset in T.PRESETS.values():  # the shipped looks read on either desktop
        assert T.contrast_warnings(preset) == [] and T.contrast_warnings(preset, dark=True) == []


# ---- keys Flatfile derives from others


def test_unset_keys_follow_the_ones_flatfile_derives_them_from():
    e = T.effective({"root": {"primaryColor": "red"}})
    action = T.get(e, "root.actionColor")
    assert action != "red" and C.parse(action)[0] == 255 and C.parse(action)[1] > 0  # a lighter shade of red
    assert T.get(e, "table.inputs.checkbox.color") == action
    assert T.get(e, "table.filters.active.backgroundColor") == action
    assert T.get(e, "table.filters.error.activeBackgroundColor") == T.get(T.LIGHT, "root.dangerColor")
    assert (T.get(e, "table.indexColumn.selected.backgroundColor")
            == T.get(T.LIGHT, "table.cell.selected.backgroundColor"))
    assert T.get(e, "sidebar.borderColor") == T.get(T.LIGHT, "root.borderColor")
    own = T.effective({"root": {"primaryColor": "red", "actionColor": "teal"},
                       "table": {"inputs": {"checkbox": {"color": "hsl(48 100% 50%)"}}}})
    assert T.get(own, "table.filters.active.backgroundColor") == "teal"
    assert T.get(own, "table.inputs.checkbox.color") == "hsl(48 100% 50%)"  # the text as given
    assert T.get(T.effective({}), "table.filters.color") is None  # drawn in the desktop's colours until set


# ---- stored as given, refused in one line


FLATFILE_THEME = {
    "root": {"primaryColor": "Red", "actionColor": "rgb(255 99 71 / 90%)", "dangerColor": "hsl(0, 72%, 51%)",
             "borderColor": "#E5E7EB", "checkboxBorderRadius": "0.25rem", "buttonBorderRadius": "5px",
             "popoverBackgroundColor": "var(--brand-surface)"},
    "sidebar": {"backgroundColor": "rebeccapurple", "textColor": " white ", "titleColor": "#fffa",
                "footerTextColor": "rgba(255,255,255,.7)", "focusBgColor": "hsla(48 100% 80% / 1)",
                "textUltralightColor": "#ccc"},
    "document": {"borderColor": "#ee7c78"},
    "table": {"indexColumn": {"backgroundColor": "#fbfcfb", "selected": {"backgroundColor": "#fef8e8"}},
              "inputs": {"checkbox": {"color": "#f7bd1d", "borderColor": "#20245680"}, "radio": {"color": "x"}},
              "filters": {"color": "#202456", "outerBorder": "1px solid #ccc", "innerBorderRadius": "12px",
                          "active": {"backgroundColor": "hsl(243, 75%, 59%)"}},
              "buttons": {"iconColor": "#202456", "pill": {"color": "whatever"}},
              "cell": {"active": {"borderWidth": "3px", "borderShadow": "0 0 0 1px red"}},
              "boolean": {"toggleChecked": "#74a4a8"}, "someday": {"newKey": [1, 2]}},
    "email": {"logo": "https://example.com/logo.png", "dark": {"backgroundColor": "#000"}},
}


def test_a_flatfile_theme_round_trips_unchanged(fs, admin, sample_space, tmp_path, capsys):
    from flatspace_desktop.cli.main import main

    fs.open(admin, sample_space).theme.set(FLATFILE_THEME)
    assert fs.open(admin, sample_space).theme.get() == FLATFILE_THEME
    assert json.dumps(fs.open(admin, sample_space).theme.get()) == json.dumps(FLATFILE_THEME)  # same text, same order
    src = write(tmp_path / "theme.json", json.dumps({"metadata": {"theme": FLATFILE_THEME}}))
    assert main(["theme", "set", sample_space, str(src)]) == 0
    capsys.readouterr()
    assert main(["--json", "theme", "get", sample_space]) == 0
    assert json.loads(capsys.readouterr().out) == FLATFILE_THEME


@pytest.mark.parametrize("key, value", [
    ("sidebar.backgroundColor", "rebeccapurpel"), ("root.actionColor", "#12345"),
    ("table.indexColumn.selected.backgroundColor", "rgb(1, 2)"), ("table.inputs.checkbox.color", 7),
    ("sidebar.footerTextColor", "hsl(210, 50, 40)"), ("table.filters.active.backgroundColor", "var(--x)"),
])
def test_a_colour_that_is_none_is_refused_in_one_line_naming_its_key(fs, admin, sample_space, key, value):
    fs.open(admin, sample_space).theme.set(FLATFILE_THEME)
    with pytest.raises(InvalidInput) as exc:
        fs.open(admin, sample_space).theme.set(T.put(FLATFILE_THEME, key, value))
    message = str(exc.value)
    assert message.startswith(f"theme: {key} must be a CSS colour") and repr(value) in message
    assert "\n" not in message
    assert fs.open(admin, sample_space).theme.get() == FLATFILE_THEME  # nothing lost


def test_lengths_the_window_draws_must_be_lengths(fs, admin, sample_space):
    for ok in ("4px", "0.25rem", "3", "2pt", 6):
        T.check({"table": {"filters": {"innerBorderRadius": ok}}})
    with pytest.raises(InvalidInput, match=r'^theme: table\.cell\.active\.borderWidth must be a length'):
        fs.open(admin, sample_space).theme.set({"table": {"cell": {"active": {"borderWidth": "thick"}}}})
    assert fs.open(admin, sample_space).theme.get() == {}
    # a kept key is never measured: whatever Flatfile accepts stays
    T.check({"root": {"buttonBorderRadius": "calc(1rem - 2px)"}, "table": {"filters": {"outerBorder": "none"}}})


def test_a_stored_colour_that_cannot_be_drawn_falls_back_to_the_default():
    broken = {"sidebar": {"backgroundColor": "not a colour"}, "table": {"cell": {"active": {"borderWidth": "x"}}}}
    e = T.effective(broken)
    assert T.get(e, "sidebar.backgroundColor") == T.get(T.LIGHT, "sidebar.backgroundColor")
    assert T.get(e, "table.cell.active.borderWidth") == "2px"
    assert broken["sidebar"]["backgroundColor"] == "not a colour"  # the theme itself is untouched


def test_every_flatfile_key_this_window_does_not_draw_is_kept(fs, admin, sample_space):
    theme = {}
    for i, key in enumerate(T.KEPT_KEYS):
        theme = T.put(theme, key, f"var(--kept-{i})")  # not a colour or length this window reads: kept anyway
    fs.open(admin, sample_space).theme.set(theme)
    assert fs.open(admin, sample_space).theme.get() == theme
    assert not set(T.KEPT_KEYS) & set(T.KEYS)
