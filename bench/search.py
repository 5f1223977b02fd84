"""Search benchmark: indexing rate, index size and query latency per backend.

Builds a synthetic corpus in the style of the procuracy portals (a generator
of our own below; seeded, so every run indexes the same articles), stores it
in a temporary kiemsat store, then for each backend (embedded SQLite FTS5 and
an OpenSearch node started like the tests start it, or ``--es-url``):

* indexes the store with ``search_api.indexer`` (docs/s),
* measures the index size on disk,
* runs a fixed mixed query set (text + 2 facets + a filter + a month
  histogram) with 1 and with 8 concurrent clients: p50/p95/p99 latency.

Prints a table, then one JSON line with the same figures.
Targets: SQLite p95 <= 50 ms single-client at 100k articles; >= 1,000 articles/s
indexing into SQLite.

    python bench/search.py            # 100,000 articles
    python bench/search.py --n 5000   # smaller
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiemsat.ids import article_id  # noqa: E402
from kiemsat.model import Article, Document, Metric, Person, Unit  # noqa: E402
from kiemsat.store import Store  # noqa: E402
from search_api import indexer  # noqa: E402
from search_api.base import SearchQuery  # noqa: E402

# -- a corpus in the portals' style ---------------------------------------------
PROVINCES = [
    "Thanh Hóa", "Nghệ An", "Quảng Nam", "Hà Tĩnh", "Bắc Ninh", "Cà Mau", "Lâm Đồng", "Gia Lai",
    "Hải Dương", "Thái Bình", "Kiên Giang", "Sơn La", "Phú Thọ", "Đồng Nai", "Long An", "Hòa Bình",
]  # fmt: skip
DISTRICTS = ["Quế Sơn", "Nông Cống", "Yên Thành", "Cẩm Xuyên", "Thuận Thành", "Năm Căn", "Bảo Lâm"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Ngọc", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hòa", "Hùng", "Lan", "Long", "Nam", "Phong", "Quân", "Sơn", "Thảo", "Tuấn", "Vinh", "Yến"]  # fmt: skip
TITLES = ["Viện trưởng", "Phó Viện trưởng", "Kiểm sát viên", "Trưởng phòng", "Chánh Văn phòng"]
EVENTS = {
    "conference": [
        "Hội nghị giao ban công tác",
        "Hội nghị sơ kết 6 tháng đầu năm về",
        "Hội nghị tổng kết năm về",
        "Tọa đàm trao đổi kinh nghiệm về",
    ],
    "training": [
        "Tập huấn kỹ năng",
        "Bồi dưỡng nghiệp vụ về",
        "Lớp tập huấn chuyên đề",
        "Hội thi kiểm sát viên giỏi về",
    ],
    "inspection": [
        "Kiểm tra công tác",
        "Thanh tra việc chấp hành pháp luật về",
        "Trực tiếp kiểm sát",
        "Giám sát việc thực hiện",
    ],
    "case": [
        "Xét xử vụ án",
        "Truy tố vụ án",
        "Kháng nghị phúc thẩm vụ án",
        "Khởi tố bị can trong vụ án",
        "Phiên tòa rút kinh nghiệm vụ án",
    ],
    "directive": [
        "Triển khai Chỉ thị về",
        "Ban hành Kế hoạch thực hiện",
        "Quán triệt Nghị quyết về",
        "Hướng dẫn thực hiện",
    ],
    "other": [
        "Hoạt động hưởng ứng",
        "Thăm hỏi, tặng quà nhân dịp",
        "Ra mắt câu lạc bộ về",
        "Phát động phong trào thi đua về",
    ],
}
TOPICS = [
    "kiểm sát giải quyết án dân sự", "thi hành án hình sự", "phòng chống tham nhũng", "cải cách tư pháp",
    "chuyển đổi số", "an toàn giao thông", "tội phạm ma túy", "buôn lậu và gian lận thương mại",
    "lừa đảo chiếm đoạt tài sản", "xâm hại tình dục trẻ em", "tạm giữ, tạm giam", "giám đốc thẩm, tái thẩm",
    "bồi thường oan sai", "thi đua khen thưởng", "công tác xây dựng Đảng", "công tác đoàn thanh niên",
    "công đoàn cơ sở", "tổ chức cán bộ", "hợp tác quốc tế", "án hành chính", "kinh doanh thương mại",
    "tranh chấp lao động", "phá sản doanh nghiệp", "tranh chấp đất đai", "tội phạm môi trường",
    "mua bán người", "trốn thuế", "tham ô tài sản", "nhận hối lộ", "lạm quyền trong khi thi hành công vụ",
    "cố ý gây thương tích", "giết người", "trộm cắp tài sản", "cướp giật tài sản", "tổ chức đánh bạc",
    "tàng trữ vũ khí trái phép", "vi phạm quy định về đấu thầu", "tội phạm công nghệ cao",
    "khai thác khoáng sản trái phép", "hủy hoại rừng", "vận chuyển hàng cấm", "cho vay nặng lãi",
    "làm giả tài liệu", "vi phạm quy định về phòng cháy", "bạo lực gia đình", "hòa giải ở cơ sở",
    "trợ giúp pháp lý", "tiếp công dân", "giải quyết khiếu nại, tố cáo", "quản lý tạm giữ hình sự",
]  # fmt: skip
VERBS = [
    "nâng cao",
    "tăng cường",
    "đẩy mạnh",
    "siết chặt",
    "đổi mới",
    "chấn chỉnh",
    "khắc phục",
    "hoàn thiện",
    "rà soát",
    "củng cố",
]
OBJECTS = [
    "chất lượng tranh tụng",
    "kỷ luật công vụ",
    "trách nhiệm người đứng đầu",
    "quy chế phối hợp liên ngành",
    "công tác thống kê tội phạm",
    "kỹ năng viết cáo trạng",
    "hồ sơ kiểm sát",
    "việc áp dụng án treo",
    "công tác tiếp nhận tin báo",
    "việc kiểm sát biên bản phiên tòa",
    "ứng dụng công nghệ thông tin",
    "chế độ thông tin báo cáo",
]
PLACES = [
    "trại tạm giam",
    "nhà tạm giữ",
    "cơ quan thi hành án dân sự",
    "Ủy ban nhân dân xã",
    "trường chính trị",
    "hội trường",
    "trụ sở",
    "trại giam",
]
SENTENCES = [
    "Trong kỳ, đơn vị đã thụ lý {a} vụ án về {topic} với {b} bị can, tăng {c} vụ so với cùng kỳ.",
    "Đã giải quyết {a}/{t} tin báo, tố giác tội phạm liên quan đến {topic}, đạt tỷ lệ {p}%.",
    "Kiểm sát viên đã tham gia {a} phiên tòa rút kinh nghiệm và ban hành {b} kiến nghị phòng ngừa.",
    "Đồng chí {person}, {title} {unit} phát biểu chỉ đạo, yêu cầu {verb} {obj}.",
    "Thực hiện {doc_type} số {doc}, đơn vị đã tổ chức quán triệt đến toàn thể công chức.",
    "Các đại biểu đã thảo luận về những khó khăn, vướng mắc trong {topic}.",
    "Hội nghị được tổ chức theo hình thức trực tuyến tới {a} điểm cầu.",
    "VKSND tỉnh {province} phối hợp với TAND và CQĐT cùng cấp giải quyết án về {topic}.",
    "Tỷ lệ truy tố đúng thời hạn đạt {p}%, vượt chỉ tiêu Quốc hội giao.",
    "Đoàn đã trực tiếp kiểm sát tại {place}, phát hiện {b} vi phạm và yêu cầu khắc phục.",
    "Lãnh đạo Viện yêu cầu các phòng nghiệp vụ {verb} {obj} trong thời gian tới.",
    "Đ/c {person} đề nghị {verb} {obj}, nhất là đối với {topic}.",
    "Năm {year}, toàn ngành đã ban hành {a} kháng nghị phúc thẩm, tăng {p}% so với năm trước.",
    "Qua kiểm sát, đã yêu cầu xử lý {b} trường hợp vi phạm về {topic}.",
    "Các KSV được hướng dẫn kỹ năng {verb} {obj} tại phiên tòa.",
    "Bị cáo bị truy tố về tội {topic}, gây thiệt hại {a} triệu đồng.",
    "Ông {person} cho biết đơn vị sẽ tiếp tục {verb} {obj}.",
    "HĐND và UBND huyện đánh giá cao sự phối hợp của Viện kiểm sát trong {topic}.",
]
DOC_TYPES = [
    ("Chỉ thị", "CT-VKSTC"),
    ("Kế hoạch", "KH-VKS"),
    ("Công văn", "VKSTC-VP"),
    ("Quyết định", "QĐ-VKSTC"),
]
SOURCES = [f"{p.lower().replace(' ', '')}.kiemsat.gov.vn" for p in PROVINCES] + [
    "kiemsat.vn",
    "vksndtc.gov.vn",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def synth(n: int, seed: int = 7) -> list[Article]:
    """``n`` articles over 2019-2025, several portals, ~3% syndicated copies."""
    rng = random.Random(seed)
    out: list[Article] = []
    for i in range(n):
        province = rng.choice(PROVINCES)
        unit = f"Viện kiểm sát nhân dân tỉnh {province}"
        units = [Unit(unit, "province", rng.randint(1, 5))]
        if rng.random() < 0.3:
            units.append(
                Unit(
                    f"Viện kiểm sát nhân dân huyện {rng.choice(DISTRICTS)}, tỉnh {province}",
                    "district",
                    1,
                )
            )
        if rng.random() < 0.2:
            units.append(Unit("Viện kiểm sát nhân dân tối cao", "supreme", 1))
        event = rng.choice(list(EVENTS))
        people = [
            Person(_person(rng), [rng.choice(TITLES)], unit, rng.randint(1, 3))
            for _ in range(rng.randint(0, 3))
        ]
        dtype, suffix = rng.choice(DOC_TYPES)
        doc = f"{rng.randint(1, 999):02d}/{suffix}"
        year = rng.randint(2019, 2025)
        published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        metrics = []
        sentences = []
        topics = rng.sample(TOPICS, 2)
        for _ in range(rng.randint(8, 16)):
            a, b, c = rng.randint(2, 900), rng.randint(1, 300), rng.randint(1, 40)
            t = a + rng.randint(0, 50)
            p = f"{rng.randint(70, 100)},{rng.randint(0, 9)}"
            person = people[0].name if people else _person(rng)
            s = rng.choice(SENTENCES).format(
                a=a,
                b=b,
                c=c,
                t=t,
                p=p,
                person=person,
                title=rng.choice(TITLES),
                unit=unit,
                doc_type=dtype,
                doc=doc,
                province=province,
                topic=rng.choice(topics),
                verb=rng.choice(VERBS),
                obj=rng.choice(OBJECTS),
                place=rng.choice(PLACES),
                year=year,
            )
            sentences.append(s)
            if str(a) in s and len(metrics) < 5:
                metrics.append(
                    Metric(
                        a,
                        subject="vụ án hình sự" if "vụ án" in s else "đơn",
                        period=f"năm {year}",
                        sentence=s,
                    )
                )
        paragraphs = [" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)]
        site = rng.choice(SOURCES)
        url = f"https://{site}/tin-tuc/{i}"
        where = rng.choice(
            [f"tại VKSND tỉnh {province}", f"tại {unit}", f"ở {province}", "", f"năm {year}"]
        )
        title = f"{rng.choice(EVENTS[event])} {topics[0]} {where}".strip()
        out.append(
            Article(
                id=article_id(url), url=url, site=site, title=title, published=published,
                event_type=event, body="\n\n".join(paragraphs), people=people, units=units,
                documents=[Document(dtype, doc)], metrics=metrics, story_id=f"s{i}",
            )
        )  # fmt: skip
        if rng.random() < 0.03 and len(out) < n:
            twin = Article.from_dict(out[-1].to_dict())
            twin.site = "kiemsat.vn" if site != "kiemsat.vn" else "vksndtc.gov.vn"
            twin.url = f"https://{twin.site}/dong-bo/{i}"
            twin.id = article_id(twin.url)
            out.append(twin)
    return out[:n]


# -- the query set -------------------------------------------------------------
TEXTS = [
    "kiem sat", "hội nghị giao ban", "VKSND tỉnh Thanh Hóa", '"tham ô tài sản"', "tap huan ky nang",
    "kháng nghị phúc thẩm", "dong chi Nguyen", "CQĐT", "xét xử -ma", "truy tố OR kháng nghị",
    "thanh tra", "Hòa Bình", "khieu nai to cao", "phiên tòa rút kinh nghiệm", "chuyen doi so",
    "tổng kết năm", "lua dao chiem doat", "tạm giữ, tạm giam", "KSV", "bồi thường oan sai",
]  # fmt: skip
FILTERS = [
    {"event_type": ["conference"]},
    {"date_from": "2022-01-01", "date_to": "2023-12-31"},
    {"province": ["Nghệ An"]},
    {"source": ["kiemsat.vn"]},
    {"has_figures": True},
]


def query_set() -> list[SearchQuery]:
    return [
        SearchQuery(q=q, facets=["source", "province"], histogram="month", size=20, **FILTERS[i % len(FILTERS)])
        for i, q in enumerate(TEXTS)
    ]  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def latencies(backend, clients: int, rounds: int) -> dict[str, float]:
    queries = query_set()
    for q in queries:  # warm-up
        backend.search(q)

    def worker(seed: int) -> list[float]:
        rng = random.Random(seed)
        out = []
        for _ in range(rounds):
            order = queries[:]
            rng.shuffle(order)
            for q in order:
                t = time.perf_counter()
                backend.search(q)
                out.append((time.perf_counter() - t) * 1000)
        return out

    with ThreadPoolExecutor(clients) as pool:
        results = [x for chunk in pool.map(worker, range(clients)) for x in chunk]
    return {
        "p50_ms": round(percentile(results, 50), 1),
        "p95_ms": round(percentile(results, 95), 1),
        "p99_ms": round(percentile(results, 99), 1),
        "mean_ms": round(statistics.fmean(results), 1),
        "queries": len(results),
    }


def bench_backend(name: str, backend, store: Store, n: int, rounds: int) -> dict:
    t = time.perf_counter()
    report = indexer.index_changes(store, backend, batch=500)
    seconds = time.perf_counter() - t
    assert report.indexed == n, (report, n)
    assert backend.count() == n
    figures = {
        "indexed": report.indexed,
        "index_seconds": round(seconds, 1),
        "docs_per_s": round(n / seconds),
        "index_mb": round(backend.size_bytes() / 2**20, 1),
        "c1": latencies(backend, 1, rounds),
        "c8": latencies(backend, 8, max(1, rounds // 2)),
    }
    print(f"  {name}: done", file=sys.stderr)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100000)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="passes over the query set per client"
    )
    parser.add_argument("--es-url", default=os.environ.get("KIEMSAT_BENCH_SEARCH_URL", ""))
    parser.add_argument("--no-engine", action="store_true", help="only the embedded backend")
    args = parser.parse_args()

    from search_api.sqlite_backend import SqliteBackend

    tmp = Path(tempfile.mkdtemp(prefix="kiemsat-bench-"))
    print(f"building {args.n} articles in {tmp} ...", file=sys.stderr)
    t = time.perf_counter()
    articles = synth(args.n)
    store = Store(tmp / "kiemsat.sqlite3")
    with store.conn:
        pass
    for a in articles:
        store.put_article(a)
    del articles
    print(f"  corpus ready in {time.perf_counter() - t:.0f}s", file=sys.stderr)

    results: dict[str, dict] = {}
    sqlite = SqliteBackend(tmp / "search.sqlite3")
    results["sqlite"] = bench_backend("sqlite", sqlite, store, args.n, args.rounds)
    sqlite.close()

    engine_note = ""
    if not args.no_engine:
        url = args.es_url
        stop = None
        if not url:
            sys.path.insert(0, str(ROOT))
            from tests.search import engine

            os.environ.setdefault("KIEMSAT_ENGINE_HEAP", "1g")
            try:
                url = engine.start_engine()
                stop = engine.stop_engine
            except RuntimeError as exc:
                engine_note = f"engine not started: {str(exc).splitlines()[0]}"
        if url:
            from search_api.elastic_backend import ElasticBackend

            es = ElasticBackend(url, prefix="bench", timeout=120)
            try:
                results[f"{es.http.kind} {es.http.version}"] = bench_backend(
                    es.http.kind, es, store, args.n, args.rounds
                )
            finally:
                es.close()
                if stop:
                    stop()
    store.close()

    names = list(results)
    rows = [
        ("articles indexed", "indexed", None),
        ("indexing rate (docs/s)", "docs_per_s", None),
        ("index size on disk (MB)", "index_mb", None),
        ("latency p50, 1 client (ms)", "p50_ms", "c1"),
        ("latency p95, 1 client (ms)", "p95_ms", "c1"),
        ("latency p99, 1 client (ms)", "p99_ms", "c1"),
        ("latency p50, 8 clients (ms)", "p50_ms", "c8"),
        ("latency p95, 8 clients (ms)", "p95_ms", "c8"),
        ("latency p99, 8 clients (ms)", "p99_ms", "c8"),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print(f"\nsearch benchmark: {args.n} articles, {len(TEXTS)} mixed queries "
          "(text + 2 facets + a filter + month histogram)")  # fmt: skip
    print("".ljust(width) + "".join(n.rjust(22) for n in names))
    for label, key, group in rows:
        cells = [(results[n][group] if group else results[n])[key] for n in names]
        print(label.ljust(width) + "".join(str(c).rjust(22) for c in cells))
    sq = results["sqlite"]
    targets = {
        "sqlite_p95_1client_le_50ms": sq["c1"]["p95_ms"] <= 50,
        "sqlite_index_ge_1000_per_s": sq["docs_per_s"] >= 1000,
    }
    print(f"targets: {targets}" + (f"; {engine_note}" if engine_note else ""))
    print(json.dumps({"n": args.n, "backends": results, "targets": targets, "note": engine_note}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
