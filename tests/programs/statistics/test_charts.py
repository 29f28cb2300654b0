"""The portal's one bar chart helper (centre.charts) as the statistics use it: numbers in the
language's writing on the bars and the axis, long direction names on lines of their own."""

from centre.charts import grouped_bars, wrap
from programs.statistics.formats import count


def test_long_names_wrap_at_spaces_and_after_hyphens():
    assert wrap("Физкультурно-спортивная", 14) == ["Физкультурно-", "спортивная"]
    assert wrap("Туристско-краеведческая", 40) == ["Туристско-краеведческая"]
    assert wrap("Научно-техническое творчество", 12) == ["Научно-", "техническое", "творчество"]


def test_the_statistics_chart_writes_its_numbers_and_wraps_its_categories():
    names = ["Физкультурно-спортивная", "Техническая", "Художественная", "Социально-гуманитарная", "Б", "В"]
    chart = grouped_bars(names, [("Дети", [1_417_639, 2_000, 0, 0, 0, 0])], text=count, wrap_categories=True)
    assert [bar.text for bar in chart.bars][:2] == ["1\u00a0417\u00a0639", "2\u00a0000"]
    assert chart.ticks[-1].text == count(chart.ticks[-1].value)
    assert [lines for _x, lines in chart.category_lines][:2] == [
        ["Физкультурно-", "спортивная"],
        ["Техническая"],
    ]
    # room for the second line of the names below the plot
    assert chart.bottom + 16 + 14 < chart.legend[0].y


def test_without_wrapping_every_category_is_one_line_as_the_innovation_dashboard_draws():
    chart = grouped_bars(["2013/2014", "2014/2015"], [("Команды", [3, 5])])
    assert [lines for _x, lines in chart.category_lines] == [["2013/2014"], ["2014/2015"]]
    assert [bar.text for bar in chart.bars] == ["3", "5"]
