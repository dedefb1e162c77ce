"""The region map: the countries of the Americas as SVG path data, drawn at build time.

    drawing = regionmap.load()       # node_modules/world-atlas/countries-50m.json, drawn once
    drawing.width, drawing.height    # the viewBox: "0 0 {width} {height}" (width is WIDTH)
    drawing.shapes["CO"]             # Colombia's SVG path data, "M512 590l3 -2...z"
    drawing.marks.get("AG")          # a diamond on a country too small to see (or None)
    drawing.others                   # path data of the land in the frame with no ISO code
    regionmap.classes([12, 6, 4])    # -> [(1, 4), (5, 6), (7, 12)]: the map's shading classes

Where the boundaries come from: Natural Earth's admin-0 countries at 1:50m (public domain),
as the TopoJSON of the npm package world-atlas, pinned in package.json and package-lock.json
and installed into node_modules/ by `make` (`npm ci --ignore-scripts`). Nothing is fetched at
build or view time: the page carries the SVG inline. Without the file, load() raises
AtlasMissing, whose message says to run make. The 1:50m set, not 1:110m: it has the small
island states of the Caribbean, so any country a practice may apply to has a shape.

How it is drawn (draw()):

1. decode (arcs()): TopoJSON keeps each shared border once, as an "arc" of integer points,
   each point but the first a difference from the one before (delta encoding); the topology's
   transform (scale, translate) turns them into longitude and latitude. A ring is a list of
   arc indexes; ~i (that is, -i - 1) is arc i reversed (ring(), rings()).
2. keep the Americas: a polygon (a country may have several: islands) is kept when the middle
   of its outer ring's box lies in REGION (longitude, latitude); so Alaska's mainland and the
   Galápagos are kept, and Hawaii, the Aleutians past 170° W and Russia are not. Land in the
   frame with no ISO 3166-1 numeric code (none in the Americas today) is drawn, without a name.
3. project (Projection): Lambert's azimuthal equal-area projection centred on the region
   (CENTRE): areas keep their proportions, as a map shaded by numbers should (an
   equirectangular map doubles Canada), and the shapes of the whole continent stay familiar.
   The frame is the box of the kept polygons, scaled to WIDTH units, north up.
4. simplify (simplify()): Douglas-Peucker on each arc once, with its two ends kept, so the
   two countries on either side of a border get the same line (no gaps, no overlaps); then
   points are rounded to whole units and repeated ones dropped. A ring left smaller than
   MIN_AREA square units is dropped (a rock at this scale), unless it is the country's
   largest. A country smaller than SMALL units either way (Montserrat, Antigua, at most a
   few units wide) also gets a mark (Drawing.marks), a diamond 2 × MARK units wide at its
   middle, for the page to add to the countries it links, so each can be seen and reached;
   one smaller than a unit has only its mark.
5. write path data: one "M x y l dx dy ... z" per ring, relative steps of whole units.

Tolerance and rounding keep the inline SVG small: about 35 KB for the whole region, links
and names included (tests/test_regionmap.py holds it under 60 KB).

Drawing takes about half a second, the same for every build: load() keeps the drawing in
build/cache/regionmap-<key>.json (`make clean` removes it), where the key is a hash of what
the drawing is made from (the atlas file's bytes, this module's source, pycountry's version),
so any change to them draws it again. A cache file that cannot be read as a drawing is
drawn again and replaced; a cache that cannot be written is only a slower build.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from atomic import write_atomic
from paths import CACHE_DIR, ROOT

ATLAS = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
OBJECT = "countries"  # the topology's object with one geometry per country
# What "the Americas" is: (west, east, south, north) in degrees, for the middle of a polygon.
REGION = (-170.0, -33.0, -60.0, 84.0)
# Inside REGION but far out in the Pacific, left out as on most maps of the Americas (they
# would widen the frame's empty ocean): Hawaii, and the islands south of 15° N and west of
# 105° W (French Polynesia, Kiribati's Line Islands, Rapa Nui...). (west, east, south, north).
LEFT_OUT = ((-180.0, -140.0, 15.0, 30.0), (-180.0, -105.0, -60.0, 15.0))
CENTRE = (-80.0, 10.0)  # longitude, latitude of the projection's centre
WIDTH = 1000  # viewBox width; the height follows from the frame
MARGIN = 4  # units of empty frame around the land
TOLERANCE = 0.8  # Douglas-Peucker tolerance, in viewBox units
MIN_AREA = 2.0  # square viewBox units: smaller rings (but a country's largest) are dropped
SMALL = 10  # viewBox units: a country narrower and shorter than this also has a mark ...
MARK = 5  # ... a diamond this many units from its centre to each corner


class AtlasMissing(FileNotFoundError):
    """The Natural Earth file is not installed (node_modules/ is made by make)."""


Point = tuple[float, float]


def arcs(topology: dict) -> list[list[Point]]:
    """Every arc of a TopoJSON topology as absolute points: delta-decoded and, with a
    transform, quantized integers turned into coordinates (x * scale + translate)."""
    transform = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        if transform is None:
            out.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def ring(indexes: list[int], decoded: list[list[Point]]) -> list[Point]:
    """One ring from its arc indexes: arc ~i is arc i reversed; each arc after the first
    starts where the one before ended, so its first point is not repeated."""
    points: list[Point] = []
    for index in indexes:
        arc = decoded[index] if index >= 0 else decoded[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def rings(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings of arc indexes (outer ring first);
    [] for a geometry without area (null, points, lines)."""
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


@dataclass(frozen=True)
class Projection:
    """Lambert azimuthal equal-area, centred on (lon0, lat0), in degrees: (lon, lat) -> (x, y)
    on the unit sphere (x east, y north; the far side of the globe is a circle of radius 2)."""

    lon0: float
    lat0: float

    def __call__(self, lon: float, lat: float) -> Point:
        lam = math.radians(lon - self.lon0)
        phi, phi0 = math.radians(lat), math.radians(self.lat0)
        cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
        k = math.sqrt(2 / (1 + cos_c)) if cos_c > -1 + 1e-12 else 0.0  # the antipode: no place
        x = k * math.cos(phi) * math.sin(lam)
        y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
        return x, y


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from point p to the segment a-b."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest points (first and last always kept) such that no point
    left out is farther than `tolerance` from the line that replaces it."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:  # a loop, not recursion: an arc may have thousands of points
        first, last = stack.pop()
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if farthest > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area(points: list[tuple[int, int]]) -> float:
    """The area a ring encloses (shoelace formula), whatever its direction."""
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def path_data(points: list[tuple[int, int]]) -> str:
    """A closed ring of whole-unit points as SVG path data: "M x y l dx dy dx dy ... z"."""
    (x, y), rest = points[0], points[1:]
    steps = []
    for px, py in rest:
        steps.append(f"{px - x} {py - y}")
        x, y = px, py
    return f"M{points[0][0]} {points[0][1]}" + ("l" + " ".join(steps) if steps else "") + "z"


def _inside(box: tuple[float, float, float, float], lon: float, lat: float) -> bool:
    west, east, south, north = box
    return west <= lon <= east and south <= lat <= north


def _in_region(points: list[Point]) -> bool:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lon, lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    return _inside(REGION, lon, lat) and not any(_inside(b, lon, lat) for b in LEFT_OUT)


def alpha_2(numeric) -> str | None:
    """ISO 3166-1 alpha-2 code of a Natural Earth `id` (ISO 3166-1 numeric), or None."""
    country = pycountry.countries.get(numeric=str(numeric)) if numeric else None
    return country.alpha_2 if country else None


@dataclass
class Drawing:
    """The drawn region: viewBox size and path data by ISO 3166-1 alpha-2 code."""

    width: int
    height: int
    shapes: dict[str, str] = field(default_factory=dict)  # "" if too small to draw
    marks: dict[str, str] = field(default_factory=dict)  # a diamond on each small country
    others: list[str] = field(default_factory=list)


def draw(topology: dict, tolerance: float = TOLERANCE) -> Drawing:
    """The Americas of a TopoJSON topology of countries (steps 2 to 5 of the manual)."""
    decoded = arcs(topology)
    kept: list[tuple[str | None, list[list[int]]]] = []  # (code, rings of arc indexes)
    for geometry in topology["objects"][OBJECT]["geometries"]:
        code = alpha_2(geometry.get("id"))
        for polygon in rings(geometry):
            if _in_region(ring(polygon[0], decoded)):
                kept.append((code, polygon))
    if not kept:
        raise ValueError("no country of the Americas in the topology")
    project = Projection(*CENTRE)
    projected: dict[int, list[Point]] = {}  # arc index -> projected points (kept arcs only)
    for _, polygon in kept:
        for indexes in polygon:
            for index in indexes:
                i = index if index >= 0 else ~index
                if i not in projected:
                    projected[i] = [project(lon, lat) for lon, lat in decoded[i]]
    xs = [x for points in projected.values() for x, _ in points]
    ys = [y for points in projected.values() for _, y in points]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    left, top = min(xs), max(ys)
    height = math.ceil((top - min(ys)) * scale + 2 * MARGIN)

    def to_frame(p: Point) -> Point:  # north up: y grows downwards in SVG
        return (p[0] - left) * scale + MARGIN, (top - p[1]) * scale + MARGIN

    framed = {i: [to_frame(p) for p in points] for i, points in projected.items()}
    simple = {i: simplify(points, tolerance) for i, points in framed.items()}
    by_code: dict[str | None, list[list[tuple[int, int]]]] = {}
    for code, polygon in kept:
        for indexes in polygon:
            points = _rounded(ring(indexes, simple))
            if len(points) < 3:  # collapsed: keep the unsimplified ring in case it is all
                points = _rounded(ring(indexes, framed))
            by_code.setdefault(code, []).append(points)
    drawing = Drawing(WIDTH, height)
    for code, all_shapes in by_code.items():
        shapes = [s for s in all_shapes if len(s) >= 3]  # fewer: too small to draw
        largest = max(shapes, key=area) if shapes else None
        data = "".join(path_data(s) for s in shapes if s is largest or area(s) >= MIN_AREA)
        if code is None:
            drawing.others.append(data)
            continue
        drawing.shapes[code] = data
        xs = [x for s in all_shapes for x, _ in s]
        ys = [y for s in all_shapes for _, y in s]
        if max(max(xs) - min(xs), max(ys) - min(ys)) < SMALL:
            centre = (round((min(xs) + max(xs)) / 2), round((min(ys) + max(ys)) / 2))
            drawing.marks[code] = path_data(_mark(centre))
    return drawing


def _mark(centre: tuple[int, int]) -> list[tuple[int, int]]:
    """A diamond MARK units from `centre` to each corner: a point symbol."""
    x, y = centre
    return [(x, y - MARK), (x + MARK, y), (x, y + MARK), (x - MARK, y)]


def _rounded(points: list[Point]) -> list[tuple[int, int]]:
    """Points rounded to whole units, without repeats (nor the closing repeat of the first)."""
    out: list[tuple[int, int]] = []
    for x, y in points:
        p = (round(x), round(y))
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def load(path: Path = ATLAS, cache: Path | None = CACHE_DIR) -> Drawing:
    """The drawing of the Natural Earth file at `path`, made once per process and file
    version (mkdocs-static-i18n builds each language, `mkdocs serve` rebuilds on edits) and
    kept in `cache` for the next process (None: not kept)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise AtlasMissing(
            f"{path} is missing: the region map draws Natural Earth's boundaries from the npm "
            "package world-atlas; run `make site` (or `npm ci --ignore-scripts`) to install it "
            "from package-lock.json"
        ) from None
    return _load(str(path), stat.st_mtime_ns, stat.st_size, str(cache) if cache else None)


@functools.lru_cache(maxsize=2)
def _load(path: str, mtime_ns: int, size: int, cache: str | None) -> Drawing:
    data = Path(path).read_bytes()
    if cache is None:
        return draw(json.loads(data))
    key = hashlib.sha256(data + Path(__file__).read_bytes() + pycountry.__version__.encode())
    file = Path(cache) / f"regionmap-{key.hexdigest()[:32]}.json"
    try:
        return _drawing(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):  # none yet, or not a drawing: draw it again
        pass
    drawing = draw(json.loads(data))
    try:
        write_atomic(file, json.dumps(dataclasses.asdict(drawing), separators=(",", ":")))
    except OSError:
        pass  # a read-only checkout: the next build draws it again
    return drawing


def _drawing(value) -> Drawing:
    """A Drawing from its cached JSON; TypeError if the JSON is not one."""
    drawing = Drawing(**value)
    shapes, marks, others = drawing.shapes, drawing.marks, drawing.others
    if not (isinstance(shapes, dict) and isinstance(marks, dict) and isinstance(others, list)):
        raise TypeError("not a drawing")
    texts = [*shapes, *shapes.values(), *marks, *marks.values(), *others]
    if not (type(drawing.width) is type(drawing.height) is int) or not all(
        isinstance(t, str) for t in texts
    ):
        raise TypeError("not a drawing")
    return drawing


def classes(counts: list[int], most: int = 5) -> list[tuple[int, int]]:
    """Shading classes for counts of practices: up to `most` ranges (low, high) that cover
    1 to the largest count without gaps, each with about as many countries (quantiles of the
    counts; ties keep a count in one class). [] when no count is above 0."""
    values = sorted(n for n in counts if n > 0)
    if not values:
        return []
    k = min(most, len(set(values)))
    highs: list[int] = []
    for step in range(1, k + 1):
        high = values[math.ceil(step * len(values) / k) - 1]
        if not highs or high > highs[-1]:
            highs.append(high)
    out, low = [], 1
    for high in highs:
        out.append((low, high))
        low = high + 1
    return out


def step(count: int, ranges: list[tuple[int, int]]) -> int:
    """The class (1, 2, ...) of a count among `ranges` (classes()); 0 for no practice."""
    for number, (low, high) in enumerate(ranges, 1):
        if low <= count <= high:
            return number
    return 0
