"""The page: who may see it, what it shows, CSVs equal to its tables, bounded queries."""

import csv
import io
from html.parser import HTMLParser

import pytest

from tests.factories import coordinator, supervisor

from .fixtures import at, case

pytestmark = pytest.mark.django_db
URL = "/staff/dashboard/"
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


class FigureTables(HTMLParser):
    """{figure key: rows of cell text} from the page's data tables."""

    def __init__(self):
        super().__init__()
        self.tables, self.key, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-figure" in attrs:
            self.key = attrs["data-figure"]
            self.tables[self.key] = []
        elif tag == "tr" and self.key:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.key].append(self.row)
            self.row = None
        elif tag == "section":
            self.key = None


def tables(response) -> dict:
    parser = FigureTables()
    parser.feed(response.content.decode())
    return parser.tables


@pytest.fixture
def boss(client, signed_in):
    return signed_in(client, supervisor())


def test_a_coordinator_may_not_see_the_dashboard(client, signed_in):
    signed_in(client, coordinator("ana"))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"csv": "inquiries"}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_supervisor_sees_every_figure_with_chart_table_and_csv_link(boss):
    coordinator("ana")
    case(submitted_at=at(3))
    response = boss.get(URL, MARCH)
    assert response.status_code == 200
    body = response.content.decode()
    # Ten figures; no referral was sent, so the partners' figure has no chart.
    assert body.count('role="img"') == 9 and body.count("Nothing in this period.") == 1
    assert body.count("<title id=") == 9 and body.count("<desc id=") == 9
    assert "csv=first_contact" in body and "start=2026-03-01" in body
    assert set(tables(response)) >= {"inquiries", "stages", "workload", "by_country", "closed"}


@pytest.mark.parametrize("key", ["inquiries", "stages", "first_contact", "by_country", "workload"])
def test_each_csv_has_exactly_the_rows_of_its_table(boss, key):
    coordinator("ana")
    for day in (2, 3, 3, 10, 17, 17, 17, 17, 17, 17):
        case(submitted_at=at(day), first_contact_working_hours=day, first_contacted_at=at(day, 12))
    page = tables(boss.get(URL, MARCH))[key]
    download = boss.get(URL, {**MARCH, "csv": key})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows == page and len(rows) > 1


def test_an_unknown_csv_is_not_found(boss):
    assert boss.get(URL, {"csv": "patients"}).status_code == 404


def test_country_filter_hides_counts_under_five_on_the_page_and_in_the_csv(boss):
    for _ in range(3):
        case(country="MX")
    for _ in range(6):
        case(country="ES")
    mexico = tables(boss.get(URL, {**MARCH, "country": "MX"}))
    assert ["New", "<5"] in mexico["stages"]
    assert "3" not in [cell for row in mexico["stages"] for cell in row]
    spain = tables(boss.get(URL, {**MARCH, "country": "ES"}))
    assert ["New", "6"] in spain["stages"]
    rows = list(
        csv.reader(io.StringIO(boss.get(URL, {**MARCH, "csv": "by_country"}).content.decode()))
    )
    assert ["Mexico", "<5"] in rows and ["Spain", "6"] in rows


def test_durations_of_fewer_than_five_cases_are_not_shown(boss):
    for hours in (1, 2, 3, 4):
        case(first_contact_working_hours=hours, first_contacted_at=at(2, 12))
    figure = tables(boss.get(URL, MARCH))["first_contact"]
    assert ["Median (working hours)", "not shown (fewer than 5 cases)"] in figure


def test_no_patient_data_on_the_page(boss):
    case(help_details="Leukaemia relapse, wants CAR-T in Madrid", reference="NAV-SECRET-1")
    body = boss.get(URL, MARCH).content.decode()
    assert "NAV-SECRET-1" not in body and "relapse" not in body


def test_a_bad_date_range_is_named_next_to_the_field(boss):
    response = boss.get(URL, {"start": "2026-03-31", "end": "2026-03-01"})
    assert response.status_code == 200
    assert "The end date comes before the start date." in response.content.decode()


@pytest.mark.parametrize("cases", [2, 40])
def test_the_query_count_does_not_grow_with_cases(boss, django_assert_max_num_queries, cases):
    ana = coordinator("ana")
    coordinator("ben")
    for i in range(cases):
        case(submitted_at=at(2 + i % 20), coordinator=ana, country="ES" if i % 2 else "MX")
    with django_assert_max_num_queries(25):
        assert boss.get(URL, MARCH).status_code == 200


def test_workload_counts_are_hidden_under_a_language_filter(boss):
    ana = coordinator("ana")
    for _ in range(2):
        case(coordinator=ana, language="ar")
    rows = tables(boss.get(URL, {**MARCH, "language": "ar"}))["workload"]
    assert rows[1][:2] == ["ana", "<5"]
    assert tables(boss.get(URL, MARCH))["workload"][1][:2] == ["ana", "2"]


def test_the_form_shows_the_default_period(boss):
    body = boss.get(URL).content.decode()
    assert 'name="start" value="' in body and 'name="end" value="' in body


def test_a_date_that_is_not_one_is_named_and_the_default_used(boss):
    response = boss.get(URL, {"end": "31/03/2026"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
