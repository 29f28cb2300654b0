"""A grouped bar chart computed on the server and drawn as SVG by a template
(``templates/includes/bar_chart.html``): no JavaScript. The innovation dashboard's dynamics
and the statistics' coverage use it; ``text`` formats the numbers written on the bars and
the axis (the active language's digits), and long category names wrap onto lines."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

# Bootstrap's blue, orange and green, distinguishable for the common colour-blindnesses.
PALETTE = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1"]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    colour: str
    label: str
    category: str
    text: str = ""

    @property
    def text_x(self):
        return round(self.x + self.width / 2, 1)

    @property
    def text_y(self):
        return round(self.y - 4, 1)


@dataclass
class Tick:
    y: float
    value: int
    text: str = ""


@dataclass
class Legend:
    x: float
    y: float
    colour: str
    label: str


@dataclass
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: float
    plot_height: float
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[tuple[float, str]]
    legend: list[Legend]
    # each category's name in lines that fit under its group of bars: (x, [line, ...])
    category_lines: list[tuple[float, list[str]]] = field(default_factory=list)

    @property
    def bottom(self):
        return self.top + self.plot_height

    @property
    def right(self):
        return self.left + self.plot_width


def _nice_step(maximum: int, steps: int = 5) -> int:
    raw = max(maximum, 1) / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(int(factor * magnitude), 1)
    return int(10 * magnitude)


def wrap(label: str, characters: int) -> list[str]:
    """``label`` in lines of about ``characters``, broken at spaces and after hyphens."""
    words, lines = [], []
    for part in label.split():
        pieces = part.split("-")
        words.extend(f"{piece}-" for piece in pieces[:-1])
        words.append(pieces[-1])
    line = ""
    for word in words:
        glue = "" if line.endswith("-") or not line else " "
        if line and len(line) + len(glue) + len(word) > characters:
            lines.append(line)
            line = word
        else:
            line += glue + word
    if line:
        lines.append(line)
    return lines or [label]


def grouped_bars(
    categories: list[str],
    series: list[tuple[str, list[int]]],
    *,
    width=720,
    height=320,
    text: Callable[[int], str] = str,
    left=44,
    wrap_categories=False,
):
    """Geometry of a grouped bar chart: one group per category, one bar per series;
    ``wrap_categories`` breaks long category names into lines (the plot gets shorter)."""
    top, right_pad = 16, 12
    group_width = (width - left - right_pad) / max(len(categories), 1)
    # a character of the 11-pixel labels is about 6.5 pixels wide
    fits = max(int(group_width / 6.5), 4)
    category_lines = [wrap(category, fits) if wrap_categories else [category] for category in categories]
    extra_lines = max((len(lines) for lines in category_lines), default=1) - 1
    bottom_pad = 48 + 14 * extra_lines + 20 * len(series)
    plot_width = width - left - right_pad
    plot_height = height - top - bottom_pad
    maximum = max((value for _, values in series for value in values), default=0)
    step = _nice_step(maximum)
    ceiling = max(step * math.ceil(maximum / step), step)
    scale = plot_height / ceiling
    bar_width = group_width * 0.8 / max(len(series), 1)
    bars = []
    for c_index, category in enumerate(categories):
        group_left = left + c_index * group_width + group_width * 0.1
        for s_index, (label, values) in enumerate(series):
            value = values[c_index]
            bar_height = value * scale
            bars.append(
                Bar(
                    x=round(group_left + s_index * bar_width, 1),
                    y=round(top + plot_height - bar_height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(bar_height, 1),
                    value=value,
                    colour=PALETTE[s_index % len(PALETTE)],
                    label=label,
                    category=category,
                    text=text(value),
                )
            )
    ticks = [
        Tick(y=round(top + plot_height - value * scale, 1), value=value, text=text(value))
        for value in range(0, ceiling + 1, step)
    ]
    category_positions = [
        (round(left + (index + 0.5) * group_width, 1), category) for index, category in enumerate(categories)
    ]
    legend = [
        Legend(
            x=left,
            y=top + plot_height + 40 + 14 * extra_lines + 20 * index,
            colour=PALETTE[index % len(PALETTE)],
            label=label,
        )
        for index, (label, _) in enumerate(series)
    ]
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        bars=bars,
        ticks=ticks,
        categories=category_positions,
        legend=legend,
        category_lines=[(x, lines) for (x, _), lines in zip(category_positions, category_lines, strict=True)],
    )
