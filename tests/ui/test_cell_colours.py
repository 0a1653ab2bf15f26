"""Invalid cells read on every preset, on a light desktop and on a dark one."""

import pytest

from flatspace_desktop.domain import theme as T
from flatspace_desktop.ui.theme.theming import cell_colours


@pytest.mark.parametrize("preset", sorted(T.PRESETS))
@pytest.mark.parametrize("dark_desktop", [False, True])
def test_error_text_reads_on_its_cell_whatever_the_preset(qapp, preset, dark_desktop):
    colours = cell_colours(T.PRESETS[preset], dark_desktop)
    assert T.contrast(colours.error_fg.name(), colours.error_bg.name()) >= 4.5
