"""Syndication: copies of one story on several portals share a story id; different
stories (even two meetings of the same procuracy) do not. Stories are ours."""

from __future__ import annotations

from kiemsat.model import Article
from kiemsat.store import SCHEMA_VERSION, Store
from nlp.pipeline import extract_text
from nlp.syndication import StoryIndex, assign_stories, assign_story, signature

STORY = """Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm 2024

{dateline}
Ngày 12/7/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm 2024, triển khai nhiệm vụ trọng tâm 6 tháng cuối năm. Dự Hội nghị có đồng chí Trần Văn Mẫu, Phó Bí thư Tỉnh ủy.

Theo báo cáo, trong 6 tháng đầu năm, Viện kiểm sát hai cấp đã thụ lý kiểm sát 412 tin báo, tố giác tội phạm, đã giải quyết 380 tin, đạt tỷ lệ 92,2%; thụ lý kiểm sát điều tra 265 vụ án với 431 bị can.

Công tác kiểm sát giải quyết các vụ, việc dân sự, hành chính được tăng cường; Viện kiểm sát đã ban hành 14 kiến nghị yêu cầu khắc phục vi phạm, được các cơ quan tiếp thu.

Phát biểu chỉ đạo, đồng chí Trần Văn Mẫu ghi nhận kết quả đạt được và đề nghị ngành Kiểm sát tỉnh tiếp tục nâng cao chất lượng tranh tụng tại phiên tòa, phòng ngừa oan sai, bỏ lọt tội phạm.

{byline}
"""

OTHER_MEETING = """Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị tổng kết công tác năm 2023

20/12/2023
Ngày 19/12/2023, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị tổng kết công tác năm 2023 và triển khai phương hướng nhiệm vụ năm 2024. Dự Hội nghị có đồng chí Lê Thị Thử, Phó Chủ tịch UBND tỉnh.

Năm 2023, toàn ngành đã giải quyết 780 tin báo về tội phạm, truy tố 512 vụ án, không có trường hợp nào Tòa án tuyên bị cáo không phạm tội; các chỉ tiêu Quốc hội giao đều đạt và vượt.

Hội nghị đã khen thưởng 12 tập thể, 35 cá nhân có thành tích xuất sắc trong phong trào thi đua; ký giao ước thi đua năm 2024 giữa các khối thi đua.

Phát biểu tại Hội nghị, đồng chí Lê Thị Thử đề nghị Viện kiểm sát tiếp tục phối hợp chặt chẽ với các cơ quan tư pháp, góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn.

Văn Hùng
"""


def copy_on_portal(dateline: str, byline: str) -> str:
    return STORY.format(dateline=dateline, byline=byline)


def test_copy_with_changed_dateline_and_byline_is_the_same_story() -> None:
    a = extract_text(copy_on_portal("13/07/2024", "Minh Anh"), path="a.txt")
    b = extract_text(
        copy_on_portal("7/14/2024 9:12:30 AM", "P.V - Phòng 7 Viện kiểm sát nhân dân tỉnh"),
        path="b.txt",
    )
    c = extract_text(OTHER_MEETING, path="c.txt")
    assert a.published != b.published and a.authors != b.authors
    assign_stories([a, b, c])
    assert a.story_id == b.story_id
    assert c.story_id != a.story_id


def test_lightly_edited_copy_still_matches() -> None:
    edited = (
        copy_on_portal("13/07/2024", "BBT")
        .replace("Ngày 12/7/2024, Viện kiểm sát", "(Kiểm sát) - Ngày 12/7/2024, Viện kiểm sát")
        .replace("phòng ngừa oan sai, bỏ lọt tội phạm.", "phòng ngừa oan sai.")
    )
    index = StoryIndex()
    assert index.assign("a", extract_text(copy_on_portal("13/07/2024", "X")).body) == "a"
    assert index.assign("b", extract_text(edited).body) == "a"


def test_short_bodies_are_their_own_story() -> None:
    assert signature("Hội nghị thành công.") is None
    index = StoryIndex()
    assert index.assign("x", "Hội nghị thành công.") == "x"
    assert index.assign("y", "Hội nghị thành công.") == "y"


def test_store_persists_signatures_across_runs(settings) -> None:
    first = extract_text(copy_on_portal("13/07/2024", "Minh Anh"))
    first.id = "aaaa000000000001"
    with Store.open(settings) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert assign_story(store, first) == first.id
        store.put_article(first)
    # A new process (a new Store object, so a new in-memory index) sees the earlier signature.
    second = extract_text(copy_on_portal("14/07/2024", "Thu Hà"))
    second.id = "bbbb000000000002"
    other = extract_text(OTHER_MEETING)
    other.id = "cccc000000000003"
    with Store.open(settings) as store:
        assert assign_story(store, second) == first.id
        assert assign_story(store, other) == other.id
        # Re-extracting an article keeps its story and does not duplicate its signature.
        assert assign_story(store, second) == first.id
        n = store.conn.execute("SELECT COUNT(*) FROM story_signatures").fetchone()[0]
        assert n == 3


def test_assign_stories_without_ids_uses_paths() -> None:
    arts = [Article(body="x " * 3, path="p1"), Article(body="y " * 3, path="p2")]
    assign_stories(arts)
    assert arts[0].story_id and arts[1].story_id and arts[0].story_id != arts[1].story_id
