"""The region map (scripts/regionmap.py, issue 17): its TopoJSON decoder on a topology written
by hand (known arcs give known coordinates), the projection, the simplification (ends kept,
shared borders drawn once), the shading classes; the Natural Earth file that make installs;
and, on the built site, a link with its count for every country that practices apply to, on
the home and the countries page, in both languages."""

from __future__ import annotations

import math
import re

import pytest

import regionmap
from countries import country_name
from regionmap import (
    AtlasMissing,
    Projection,
    arcs,
    classes,
    draw,
    path_data,
    ring,
    rings,
    simplify,
    step,
)
from site_helpers import lang_prefix, resolve
from sitedata import load_site

# Two squares side by side, quantized: x = 0.5 * qx - 100, y = 0.25 * qy + 10. Arc 0 is
# their shared border (x = -99, y from 10 to 11), drawn upwards; arc 1 the rest of the west
# square, arc 2 the rest of the east one.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [-100, 10]},
    "arcs": [
        [[2, 0], [0, 4]],  # (-99, 10) -> (-99, 11)
        [[2, 4], [-2, 0], [0, -4], [2, 0]],  # (-99, 11) -> (-100, 11) -> (-100, 10) -> (-99, 10)
        [[2, 0], [2, 0], [0, 4], [-2, 0]],  # (-99, 10) -> (-98, 10) -> (-98, 11) -> (-99, 11)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "320", "properties": {"name": "W"}},
                {"type": "Polygon", "arcs": [[2, ~0]], "id": "484", "properties": {"name": "E"}},
                {"type": None, "id": "010"},
            ],
        }
    },
}


def points_of(data: str) -> list[list[tuple[int, int]]]:
    """The rings of path data written by regionmap.path_data, as absolute points."""
    out = []
    for part in re.findall(r"M[^z]*z", data):
        numbers = [int(n) for n in re.findall(r"-?\d+", part)]
        x, y = numbers[0], numbers[1]
        ring_points = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            ring_points.append((x, y))
        out.append(ring_points)
    return out


# -- decoding ------------------------------------------------------------------------------
def test_arcs_are_delta_decoded_and_transformed():
    decoded = arcs(TOPOLOGY)
    assert decoded[0] == [(-99.0, 10.0), (-99.0, 11.0)]
    assert decoded[1] == [(-99.0, 11.0), (-100.0, 11.0), (-100.0, 10.0), (-99.0, 10.0)]
    assert decoded[2] == [(-99.0, 10.0), (-98.0, 10.0), (-98.0, 11.0), (-99.0, 11.0)]


def test_arcs_without_a_transform_are_absolute():
    assert arcs({"arcs": [[[1.5, 2], [3, 4]]]}) == [[(1.5, 2.0), (3.0, 4.0)]]


def test_a_ring_joins_its_arcs_and_a_negative_index_is_the_arc_reversed():
    decoded = arcs(TOPOLOGY)
    west = ring([0, 1], decoded)
    assert west == [(-99, 10), (-99, 11), (-100, 11), (-100, 10), (-99, 10)]
    east = ring([2, ~0], decoded)  # ~0 == -1: arc 0 from its end to its start
    assert east == [(-99, 10), (-98, 10), (-98, 11), (-99, 11), (-99, 10)]


def test_rings_of_each_geometry_type():
    assert rings({"type": "Polygon", "arcs": [[0, 1], [2]]}) == [[[0, 1], [2]]]
    assert rings({"type": "MultiPolygon", "arcs": [[[0]], [[1]]]}) == [[[0]], [[1]]]
    assert rings({"type": None}) == [] and rings({"type": "Point", "coordinates": [0, 0]}) == []


# -- projection ----------------------------------------------------------------------------
def test_projection_centre_and_known_points():
    project = Projection(0, 0)
    assert project(0, 0) == (0, 0)
    x, y = project(90, 0)  # a quarter of the way round the equator: sqrt(2) east
    assert x == pytest.approx(math.sqrt(2)) and y == pytest.approx(0, abs=1e-12)
    x, y = project(0, 90)
    assert x == pytest.approx(0, abs=1e-12) and y == pytest.approx(math.sqrt(2))
    x, y = Projection(-80, 10)(-80, 40)  # north of the centre: straight up
    assert x == pytest.approx(0, abs=1e-12) and y > 0


def _cell_area(project: Projection, lon: float, lat: float, size: float = 0.1) -> float:
    corners = [(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size)]
    return regionmap.area([project(*c) for c in corners])


def test_projection_keeps_areas():
    """Equal-area: a cell of 0.1 degrees covers cos(latitude) times the area of one on the
    equator, on the globe and on the map, near the centre and far from it."""
    project = Projection(-80, 10)
    equator = _cell_area(project, -80, 0)
    for lon, lat in ((-80, 60), (-150, 60), (-40, -50)):
        ratio = math.sin(math.radians(lat + 0.1)) - math.sin(math.radians(lat))
        ratio /= math.sin(math.radians(0.1))
        assert _cell_area(project, lon, lat) / equator == pytest.approx(ratio, rel=1e-3)


# -- simplification ------------------------------------------------------------------------
def test_simplify_keeps_the_ends_and_drops_what_is_within_tolerance():
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 0), (4, 5), (5, 0), (6, 0)]
    assert simplify(line, 0.5) == [(0, 0), (3, 0), (4, 5), (5, 0), (6, 0)]
    assert simplify(line, 10) == [(0, 0), (6, 0)]
    assert simplify(line, 0) == line  # no point is within tolerance 0 of the line ...
    straight = [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert simplify(straight, 0) == [(0, 0), (3, 3)]  # ... but points on the line itself
    assert simplify([(1, 1), (2, 2)], 5) == [(1, 1), (2, 2)]


def test_simplify_a_closed_arc_keeps_its_farthest_point():
    loop = [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]
    simple = simplify(loop, 1)
    assert simple[0] == simple[-1] == (0, 0) and (4, 4) in simple


def test_path_data_is_relative_whole_steps():
    assert path_data([(10, 20), (15, 20), (15, 12)]) == "M10 20l5 0 0 -8z"
    assert points_of(path_data([(10, 20), (15, 20), (15, 12)])) == [[(10, 20), (15, 20), (15, 12)]]


# -- drawing -------------------------------------------------------------------------------
def test_draw_keeps_the_americas_and_draws_a_shared_border_once():
    drawing = draw(TOPOLOGY, tolerance=0.5)
    assert set(drawing.shapes) == {"GT", "MX"} and drawing.others == []
    assert drawing.width == regionmap.WIDTH
    (west,), (east,) = points_of(drawing.shapes["GT"]), points_of(drawing.shapes["MX"])
    for x, y in west + east:
        assert 0 <= x <= drawing.width and 0 <= y <= drawing.height
    # the west square from (-99, 10) on, as its arcs run: SE, NE, NW, SW corners
    south_east, north_east, north_west, south_west = west
    assert north_east[1] < south_east[1] and north_west[1] < south_west[1]  # north is up
    assert north_west[0] < north_east[0] and south_west[0] < south_east[0]  # west is left
    # the border, drawn once in the topology, is the same two points in both countries
    assert set(west) & set(east) == {south_east, north_east}
    assert sum(x for x, _ in west) < sum(x for x, _ in east)


def test_draw_leaves_out_the_rest_of_the_world_and_tiny_islands():
    topology = {
        "arcs": [
            [[-99, 10], [-98, 10], [-98, 11], [-99, 11], [-99, 10]],  # Guatemala's mainland
            [[-90, 15], [-89.99, 15], [-89.99, 15.01], [-90, 15]],  # a rock off its coast
            [[25, -30], [26, -30], [26, -29], [25, -30]],  # South Africa
            [[-157, 20], [-156, 20], [-156, 21], [-157, 20]],  # Hawaii
            [[-60, 60], [-59.99, 60], [-59.99, 60.01], [-60, 60]],  # a country all rock
        ],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "MultiPolygon", "arcs": [[[0]], [[1]]], "id": "320"},
                    {"type": "Polygon", "arcs": [[2]], "id": "710"},
                    {"type": "Polygon", "arcs": [[3]], "id": "840"},
                    {"type": "Polygon", "arcs": [[4]], "id": "304"},
                ]
            }
        },
    }
    drawing = draw(topology)
    assert set(drawing.shapes) == {"GT", "GL"}  # no ZA (Africa), no US (only Hawaii)
    assert len(points_of(drawing.shapes["GT"])) == 1  # the rock is dropped
    assert "GT" not in drawing.marks
    # a country too small to draw: no outline, a diamond of 2 * MARK units instead
    assert drawing.shapes["GL"] == ""
    (diamond,) = points_of(drawing.marks["GL"])
    xs, ys = {x for x, _ in diamond}, {y for _, y in diamond}
    assert len(diamond) == 4 and max(xs) - min(xs) == max(ys) - min(ys) == 2 * regionmap.MARK


def test_a_small_country_keeps_its_outline_and_gets_a_mark():
    big = [[-99, 10], [-90, 10], [-90, 19], [-99, 10]]
    island = [[-80, 15], [-79.94, 15], [-79.94, 15.06], [-80, 15]]  # a few units across
    topology = {
        "arcs": [big, island],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "320"},
                    {"type": "Polygon", "arcs": [[1]], "id": "028"},
                ]
            }
        },
    }
    drawing = draw(topology)
    assert len(points_of(drawing.shapes["AG"])) == 1 and "AG" in drawing.marks
    assert "GT" not in drawing.marks


def test_draw_without_the_americas_fails():
    topology = {
        "arcs": [[[25, -30], [26, -30], [26, -29], [25, -30]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]]}]}},
    }
    with pytest.raises(ValueError, match="no country of the Americas"):
        draw(topology)


def test_a_missing_atlas_says_to_run_make(tmp_path):
    with pytest.raises(AtlasMissing, match=r"run `make site`.*package-lock\.json"):
        regionmap.load(tmp_path / "countries-50m.json")


def test_load_reads_a_file_once_per_version(tmp_path):
    import json

    file = tmp_path / "atlas.json"
    file.write_text(json.dumps(TOPOLOGY), encoding="utf-8")
    first = regionmap.load(file, cache=None)
    assert regionmap.load(file, cache=None) is first
    file.write_text(json.dumps(TOPOLOGY) + " ", encoding="utf-8")  # another size
    assert regionmap.load(file, cache=None) is not first


def test_the_drawing_is_kept_for_the_next_process_by_what_it_is_made_of(tmp_path):
    import json

    file, cache = tmp_path / "atlas.json", tmp_path / "cache"
    file.write_text(json.dumps(TOPOLOGY), encoding="utf-8")
    drawn = draw(TOPOLOGY)
    assert regionmap.load(file, cache) == drawn
    (kept,) = cache.glob("regionmap-*.json")
    regionmap._load.cache_clear()  # as a new process
    kept.write_text(kept.read_text(encoding="utf-8").replace('"width":', '"width":7+'))
    assert regionmap.load(file, cache) == drawn  # not a drawing: drawn again, replaced
    assert json.loads(kept.read_text(encoding="utf-8"))["width"] == drawn.width
    for wrong in ('{"width": 1, "height": 1, "shapes": [], "marks": {}, "others": []}', "[]"):
        regionmap._load.cache_clear()
        kept.write_text(wrong, encoding="utf-8")
        assert regionmap.load(file, cache) == drawn
    regionmap._load.cache_clear()
    value = json.loads(kept.read_text(encoding="utf-8"))
    value["shapes"]["CO"] = "M1 1z"
    kept.write_text(json.dumps(value), encoding="utf-8")
    assert regionmap.load(file, cache).shapes["CO"] == "M1 1z"  # read, not drawn
    regionmap._load.cache_clear()
    file.write_text(json.dumps(TOPOLOGY) + " ", encoding="utf-8")  # another atlas
    assert regionmap.load(file, cache) == drawn
    assert len(list(cache.glob("regionmap-*.json"))) == 2


# -- shading classes -----------------------------------------------------------------------
def test_classes_cover_one_to_the_largest_count_without_gaps():
    assert classes(list(range(1, 11))) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert classes([7, 7, 7]) == [(1, 7)]
    assert classes([0, 0]) == [] and classes([]) == []
    assert classes([4, 12, 6], most=5) == [(1, 4), (5, 6), (7, 12)]
    counts = [12, 11, 10, 10, 10, 8, 7, 7, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4]
    ranges = classes(counts)
    assert 1 < len(ranges) <= 5 and ranges[0][0] == 1 and ranges[-1][1] == 12
    assert all(b[0] == a[1] + 1 for a, b in zip(ranges, ranges[1:], strict=False))
    assert [step(n, ranges) for n in (0, 1, 12)] == [0, 1, len(ranges)]
    assert sorted({step(n, ranges) for n in counts}) == list(range(1, len(ranges) + 1))


# -- the real boundaries (node_modules, installed by make) ---------------------------------
@pytest.fixture(scope="module")
def drawing():
    return regionmap.load()


def test_natural_earth_has_every_country_with_practices(drawing):
    site = load_site()
    codes = [code for code, _ in site.counts("country")]
    missing = [c for c in codes if not drawing.shapes.get(c) and not drawing.marks.get(c)]
    assert not missing, f"no boundary for {missing}"
    for code in ("CA", "US", "MX", "BR", "AR", "CL", "JM", "BB", "TT"):  # north to south, isles
        assert drawing.shapes.get(code), code
    for code in ("ZA", "ES", "RU", "AU", "JP"):
        assert code not in drawing.shapes, code


def test_the_drawing_is_small(drawing):
    size = sum(map(len, drawing.shapes.values())) + sum(map(len, drawing.others))
    assert size < 45_000, size  # the page's whole SVG stays under 60 KB
    assert drawing.width == regionmap.WIDTH and drawing.height > drawing.width


# -- the built site --------------------------------------------------------------------------
def map_pages(lang: str) -> dict[str, str]:
    return {"home": lang_prefix(lang), "countries": lang_prefix(lang) + "paises/"}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_country_with_practices_is_a_link_with_its_count(built_site, lang):
    site = load_site(built_site.practices)
    counts = dict(site.counts("country"))
    words = {"es": ("práctica", "prácticas"), "en": ("practice", "practices")}[lang]
    for name, path in map_pages(lang).items():
        soup = built_site.html(path)
        svg = soup.select_one("figure.bp-map svg.bp-map__svg")
        assert svg is not None, f"{name}: no map"
        assert len(str(svg).encode()) < 60_000, f"{name}: the map is {len(str(svg))} bytes"
        links = {a["data-country"]: a for a in svg.select("a[href]")}
        assert set(links) == set(counts), name
        for code, n in counts.items():
            a = links[code]
            label = f"{country_name(code, lang)}: {n} {words[0] if n == 1 else words[1]}"
            assert a["aria-label"] == label and a.title.string == label, (name, code)
            assert resolve(path, a["href"]) == site.url("country", code, lang), (name, code)
            assert a.path["d"].startswith("M"), (name, code)
        legend = [li.get_text(" ", strip=True) for li in soup.select("ul.bp-map__legend li")]
        assert (
            len(legend) >= 2
            and legend[-1] == {"es": "ninguna práctica", "en": "no practices"}[lang]
        )
    # the home's table: the same figures as text
    rows = built_site.html(map_pages(lang)["home"]).select("details.bp-map__table[open] tbody tr")
    table = {r["data-country"]: r.select("td")[1].get_text(strip=True) for r in rows}
    assert table == {code: str(n) for code, n in counts.items()}
    # the countries page: no second table, its own list gives the counts
    countries = built_site.html(map_pages(lang)["countries"])
    assert not countries.select("details.bp-map__table")
    assert countries.select_one("figure.bp-map + ul.bp-overview") is not None
