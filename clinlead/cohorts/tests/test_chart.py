"""The hardest-exercises chart: an accessible SVG image whose texts are escaped and whose bars scale."""

from clinlead.cohorts.chart import Bar, bar_chart


def test_the_chart_is_an_image_with_a_title_a_description_and_escaped_labels() -> None:
    svg = str(bar_chart("c", "Hardest <b>", "Wrong & right", [Bar("<script>x</script>", 3, 4), Bar("B", 1, 2)]))
    assert svg.startswith('<svg class="clinlead-chart" id="c" role="img" aria-labelledby="c-title c-desc"')
    assert '<title id="c-title">Hardest &lt;b&gt;</title>' in svg
    assert '<desc id="c-desc">Wrong &amp; right</desc>' in svg
    assert "<script>" not in svg
    assert "3 of 4" in svg
    assert "1 of 2" in svg
    # Bars are drawn against the largest total: 3 of 4 is three quarters of the full width, 1 of 2 a quarter.
    assert 'width="225"' in svg
    assert 'width="75"' in svg
