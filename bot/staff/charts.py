"""Charts of the dashboard as SVG, drawn server-side by pygal (no JavaScript, no CDN).

Each chart is also given to the page as a table: the chart is an image with a short
alternative, the table is its full text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygal
from pygal.style import Style

# Dark enough on white for text (>= 4.5:1) and for bars (>= 3:1): WCAG 2.1 1.4.3 and 1.4.11.
COLOURS = ("#1f4e96", "#a3361f", "#2d6a2d", "#6b3e99", "#8a5a00", "#36454f")
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#555555",
    colors=COLOURS,
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
    opacity=".9",
    opacity_hover=".9",
    transition="0s",
)


def _config(title: str, legend: bool) -> pygal.Config:
    config = pygal.Config()
    config.title = title
    config.style = STYLE
    config.js = []  # pygal links its tooltip script from a CDN by default: none here
    config.width, config.height, config.margin = 800, 360, 16
    config.show_legend = legend
    config.legend_at_bottom = True
    config.truncate_label = -1
    return config


def _svg(chart: pygal.Bar | pygal.HorizontalBar) -> bytes:
    out = chart.render()
    return out if isinstance(out, bytes) else out.encode()


def per_day(title: str, days: Sequence[str], series: dict[str, Sequence[int]]) -> bytes:
    """Questions and answers per day, as bars."""
    config = _config(title, legend=True)
    config.x_label_rotation = -45
    config.show_minor_x_labels = False
    config.x_labels_major_every = max(1, len(days) // 10)
    chart = pygal.Bar(config)
    chart.x_labels = list(days)
    for name, values in series.items():
        chart.add(name, list(values))
    return _svg(chart)


def bars(title: str, items: Sequence[tuple[str, int]]) -> bytes:
    """One horizontal bar per item (outcomes, languages, channels, entries)."""
    config = _config(title, legend=False)
    config.print_values = True
    chart = pygal.HorizontalBar(config)
    chart.x_labels = [label for label, _ in items]  # type: ignore[misc]
    chart.add(title, [n for _, n in items])
    return _svg(chart)
