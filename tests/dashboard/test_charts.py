import re

from dashboard import charts


def test_every_chart_is_a_named_image_with_title_and_description():
    for draw in (charts.bar_chart, charts.funnel, charts.line_chart):
        svg = draw("New <inquiries>", "Per week", [("A & B", 3.0, "3"), ("C", None, "<5")])
        assert svg.startswith("<svg") and 'role="img"' in svg
        title, desc = re.search(r'aria-labelledby="(\S+) (\S+)"', svg).groups()
        assert f'<title id="{title}">New &lt;inquiries&gt;</title>' in svg
        assert f'<desc id="{desc}">Per week</desc>' in svg
        assert "A &amp; B" in svg and "<inquiries>" not in svg


def test_a_hidden_value_draws_no_bar_but_keeps_its_label_and_text():
    svg = charts.bar_chart("T", "D", [("Spain", 10.0, "10"), ("Mexico", None, "<5")])
    widths = re.findall(r'<rect [^>]*width="([\d.]+)"', svg)
    assert [float(w) for w in widths][1] == 0
    assert "Mexico" in svg and "&lt;5" in svg


def test_a_long_line_chart_thins_its_labels():
    items = [(f"2026-{w:02d}", float(w), str(w)) for w in range(1, 53)]
    svg = charts.line_chart("T", "D", items)
    assert svg.count("2026-") <= 9
    assert svg.count("<circle") == 52
