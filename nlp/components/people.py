"""People: every named person in an article, with titles and unit.

Why rules and not a list of known people: the contract (EXTRACTION.md section
2) scores names the component has never seen. A Vietnamese name has a
recognisable *shape* (2-5 capitalised syllables, usually opening with one of a
few dozen surnames) and news text announces it with recognisable *cues*: an
honorific (``đồng chí``, ``đ/c``, ``ông``, ``bà``, ``bị can``), a rank or degree
(``Trung tướng``, ``TS``), or a position written next to it (``Chánh Thanh tra
VKSND tối cao Kiều Thị Lan``; ``Kiều Thị Lan, Chánh Thanh tra VKSND tối cao``).
A name is taken when shape and cue agree.

Titles come from a gazetteer of positions (``nlp/gazetteer/people.json``),
matched case-insensitively and kept as written. Each title is paired with the
unit mention (from the units component's ``doc._.unit_mentions``) that starts
inside or right after it, so ``Chánh Thanh tra VKSND tối cao`` gives the title
``Chánh Thanh tra`` and the unit ``Thanh tra Viện kiểm sát nhân dân tối
cao``. A person's unit is the unit of their first non-party post; a post
written without a unit (``Viện trưởng``) implies the procuracy named last
before it in the same paragraph, else the article's most named procuracy.
Group introductions (``các đồng chí Phó Viện trưởng VKSND tối cao: đồng chí A,
đồng chí B``) give their titles to everyone listed.

Every pattern is anchored and bounded; the component is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kiemsat.model import Person
from nlp.components.units import (
    CAP_SYL,
    doc_texts,
    find_units,
    party_bodies,
    phrase_regex,
    province_names,
    tone_text,
)
from nlp.extensions import register_extensions
from nlp.gazetteer import load, province_aliases
from nlp.normalize import unify_tones

# Capitalised words that never belong to a person's name.
_NOT_NAME = frozenset(
    """Viện Phó Trưởng Chánh Thủ Tòa Toà Ủy Uỷ Ban Bộ Sở Cục Vụ Phòng Đảng Tỉnh Huyện Quận Xã Phường TP Tp
    Ngày Tháng Năm Quý Tại Theo Trong Sau Về Với Cùng Các Những Nghị Kế Quyết Chỉ Thông Luật Điều Kiểm Giám
    Chủ Bí Tổng Thượng Thiếu Ông Bà Hội Thanh Ảnh Nguồn Báo Trường Học Cơ Công Đây Khi Để Đến Từ Tuy Nhưng
    Đồng Đ Lãnh Đại Trung""".split()
)
# Words allowed inside a name although listed above when not first ("Đàm Quang Công", "Lê Văn Thanh").
# Inside a name, only words that open a title, a unit or a clause end it ("Nguyễn Văn Quý",
# "Trần Văn Năm", "Đàm Quang Công" are names).
_NOT_INSIDE = frozenset(
    """Viện Phó Trưởng Chánh Tòa Toà Ủy Uỷ Ban Bộ Sở Cục Vụ Phòng Đảng Tỉnh Huyện Quận Xã Phường TP Tp
    Ngày Tại Theo Trong Sau Về Với Cùng Các Những Ông Bà Ảnh Nguồn Báo Đ""".split()
)
_PLACE_BEFORE = re.compile(
    r"(?:(?i:thành\s+phố|tỉnh|huyện|quận|xã|phường|thị\s+xã|thị\s+trấn|đường|phố|tại|ở|về|đến)|TP\.?|Tp\.?)\s*$"
)
_PARTY_WORDS = re.compile(
    r"(?i:đảng|tỉnh\s+ủy|thành\s+ủy|huyện\s+ủy|quận\s+ủy|thị\s+ủy|chi\s+bộ|bộ\s+chính\s+trị)"
)
# Titles whose unit, when not written, is the procuracy the paragraph is about.
_PROCURACY_TITLES = {
    "viện trưởng": "",
    "phó viện trưởng": "",
    "phó viện trưởng thường trực": "",
    "kiểm sát viên": "",
    "vt": "",
    "pvt": "",
    "ksv": "",
    "ktv": "",
    "kiểm tra viên": "",
    "chánh thanh tra": "Thanh tra ",
    "phó chánh thanh tra": "Thanh tra ",
    "chánh văn phòng": "Văn phòng ",
    "phó chánh văn phòng": "Văn phòng ",
    "thủ trưởng cơ quan điều tra": "Cơ quan điều tra ",
    "phó thủ trưởng cơ quan điều tra": "Cơ quan điều tra ",
}

_NAME = re.compile(rf"{CAP_SYL}(?:[ ]{CAP_SYL}){{0,5}}")


def _flex(literal: str) -> str:
    return r"\s+".join(re.escape(p) for p in literal.split())


@dataclass(frozen=True)
class _Lex:
    cue: re.Pattern[str]
    rank: re.Pattern[str]
    title: re.Pattern[str]
    surnames: frozenset[str]
    party: frozenset[str]


@cache
def _lex() -> _Lex:
    data = load("people")
    hon_words = set(data["honorifics"])
    hon_words |= {h[0].upper() + h[1:] for h in hon_words}  # sentence-initial "Ông", "Bị can"
    hon = sorted(hon_words, key=len, reverse=True)
    ranks = sorted(set(data["ranks"]) | set(data["degrees"]), key=len, reverse=True)
    titles = set(data["titles"]) | set(data["party_titles"])
    titles |= {
        "Phó " + t
        for t in data["titles"] + data["party_titles"]
        if not t.startswith("Phó ") and t[0].isupper()
    }
    # "Phó Bí thư Thường trực Tỉnh ủy": the standing deputy of any party committee
    titles |= {
        t.replace("Phó Bí thư ", "Phó Bí thư Thường trực ", 1)
        for t in data["party_titles"]
        if t.startswith("Phó Bí thư ")
    }
    titles |= {
        "Trưởng đoàn thanh tra",
        "Trưởng đoàn kiểm tra",
        "Phó Trưởng đoàn thanh tra",
        "Trưởng đoàn công tác",
    }
    alts = sorted(titles, key=len, reverse=True)
    hon_re = "|".join(_flex(h) for h in hon)
    rank_re = "|".join(_flex(r) + (r"\.?" if r.isascii() else "") for r in ranks)
    return _Lex(
        cue=re.compile(rf"(?<![\w/])(?:{hon_re})(?![\w])"),
        rank=re.compile(rf"(?:{rank_re})(?![\w])[.,]?[ \t]+"),
        # matched on the lower-cased text (a case-blind regex is twice as slow)
        title=re.compile(
            r"(?<![\w])(?:(?:nguyên|quyền|cựu)[ \t]+)?(?:"
            + phrase_regex(unify_tones(a).lower() for a in alts)
            + r")(?![\w])"
        ),
        surnames=frozenset(data["surnames"]),
        party=frozenset(
            unify_tones(p + t).casefold()
            for t in data["party_titles"]
            for p in ("", "Phó ")
            if not t.startswith("Phó ")
        )
        | frozenset(unify_tones(t).casefold() for t in data["party_titles"])
        | frozenset(
            unify_tones(t.replace("Phó Bí thư ", "Phó Bí thư Thường trực ", 1)).casefold()
            for t in data["party_titles"]
            if t.startswith("Phó Bí thư ")
        ),
    )


@dataclass
class _Post:
    """One post written next to a name: the title as written and its unit, if any."""

    start: int
    end: int
    title: str
    unit: str | None
    party: bool


@dataclass
class _Mention:
    start: int
    end: int
    name: str
    posts: list[_Post] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return unify_tones(name).casefold()


class _Finder:
    def __init__(
        self, text: str, units: list[tuple[int, int, str]], unified: str | None = None
    ) -> None:
        self.t = text
        self.unified = unified if unified is not None else tone_text(text)
        self.lex = _lex()
        self.units = sorted(units)
        self.proc_units = [u for u in self.units if _is_procuracy(u[2])]
        self.posts = self._posts()
        self.unit_by_start = {s: name for s, _e, name in self.units}
        self.unit_ends = {e for _s, e, _n in self.units}
        self.post_by_start = {p.start: p for p in self.posts}
        self.post_by_end: dict[int, _Post] = {}
        for p in self.posts:
            self.post_by_end.setdefault(p.end, p)
        self.unit_cover = _cover(len(text), ((s, e) for s, e, _ in self.units))
        self.post_cover = _cover(len(text), ((p.start, p.end) for p in self.posts))
        self.found_cover = bytearray(len(text))

    # ---- posts
    def _posts(self) -> list[_Post]:
        posts = []
        starts = [u[0] for u in self.units]

        unified = self.unified  # "Uỷ viên" is matched as "Ủy viên", kept as written
        lowered = unified.lower()
        if len(lowered) != len(unified):  # a letter whose lower case is longer: keep offsets
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in unified)
        for m in self.lex.title.finditer(lowered):
            title = re.sub(r"\s+", " ", self.t[m.start() : m.end()])
            unit = None
            end = m.end()
            k = bisect.bisect_right(starts, m.start())
            while k < len(self.units) and self.units[k][0] <= m.end() + 2:
                s, e, name = self.units[k]
                if (
                    s > m.start()
                    and self.t[m.end() : s].strip(" \t") == ""
                    or (m.start() < s < m.end())
                ):
                    unit, end = name, max(e, m.end())
                    break
                k += 1
            bare = _FORMER.sub("", title)
            party = _key(bare) in self.lex.party or bool(
                unit and (unit in party_bodies() or _PARTY_WORDS.search(unit))
            )
            if not party and _PARTY_WORDS.search(bare) and not unit:
                party = True
            if unit is None and not party:
                unit, end = self._short_reference(m.end(), end)
            posts.append(_Post(m.start(), end, title, unit, party))
        return posts

    def _short_reference(self, pos: int, end: int) -> tuple[str | None, int]:
        """``Kế toán trưởng của Trung tâm``, ``Hiệu trưởng nhà trường``: the organisation of
        that kind named last before ``pos``."""
        m = _SHORT_REF.match(self.t, pos)
        if not m:
            return None, end
        head = re.sub(r"\s+", " ", m.group("head"))
        head = "Trường" if head.endswith("trường") else head
        k = bisect.bisect_left(self.units, (pos,))
        for _s, _e, name in reversed(self.units[max(0, k - 40) : k]):
            if name.startswith(head + " "):
                return name, m.end()
        return None, end

    # ---- names
    def _name_at(self, pos: int) -> tuple[int, str] | None:
        m = _NAME.match(self.t, pos)
        if not m:
            return None
        words = m.group().split(" ")
        kept: list[str] = []
        for i, w in enumerate(words):
            if (w in _NOT_NAME if i == 0 else w in _NOT_INSIDE) or (
                w == "Đồng" and self.t.startswith("chí", pos + len(" ".join(words[: i + 1])) + 1)
            ):
                break
            if len(w) > 1 and w.isupper():
                break
            kept.append(w)
        if not kept:
            return None
        # "Đồng chí" glued after a name, or a following title: cut there
        name = " ".join(kept[:5])
        return pos + len(name), name

    def _trailing_unit(self, pos: int, posts: list[_Post]) -> None:
        """``A, Kiểm sát viên, Phòng 2`` / ``Kiểm sát viên A, Phòng 3 VKSND cấp cao 2``: a unit
        written after the name or its posts is the unit of the last post written without one."""
        if not posts:
            return
        m = _UNIT_SEP.match(self.t, pos)
        unit = self.unit_by_start.get(m.end()) if m else None
        if unit is None:
            return
        for post in reversed(posts):
            if post.unit is None and not post.party:
                post.unit = unit
                return

    def _in_unit(self, start: int, end: int) -> bool:
        return any(self.unit_cover[start:end])

    def _post_chain(self, pos: int, first: bool) -> list[_Post]:
        """Posts written after a name: ``, Phó Viện trưởng VKSND tối cao, Bí thư ...``."""
        out: list[_Post] = []
        t = self.t
        m = (_SEP_FIRST if first else _SEP_NEXT).match(t, pos)
        while m:
            post = self.post_by_start.get(m.end())
            if not post or self._opens_next_name(post):
                break
            out.append(post)
            m = _SEP_NEXT.match(t, post.end)
        return out

    def _opens_next_name(self, post: _Post) -> bool:
        """``A, Thủ tướng Chính phủ B``: the post is B's, written before B's name."""
        t = self.t
        if post.end >= len(t) or t[post.end] != " ":
            return False
        got = self._name_at(self._skip_ranks(post.end + 1))
        return bool(got and " " in got[1] and got[1].split(" ")[0] in self.lex.surnames)

    def _pre_chain(self, pos: int, allow_comma: bool) -> list[_Post]:
        """Posts written before a name (``Chánh Thanh tra VKSND Tối cao`` + name), nearest last."""
        out: list[_Post] = []
        t = self.t
        x = pos
        steps = 0
        while steps < 6:
            steps += 1
            y = x
            while y > 0 and t[y - 1] in " \t":
                y -= 1
            post = self.post_by_end.get(y)
            if post is None and allow_comma and y > 0 and t[y - 1] == ",":
                y2 = y - 1
                while y2 > 0 and t[y2 - 1] in " \t":
                    y2 -= 1
                post = self.post_by_end.get(y2)
            if post is None:
                break
            out.insert(0, post)
            x = post.start
        return out

    def _posts_run(self, pos: int, sep: re.Pattern[str], limit: int) -> tuple[list[_Post], int]:
        """Posts written one after another from ``pos`` (``A, B, C``), and where they end."""
        posts: list[_Post] = []
        for _ in range(limit):
            post = self.post_by_start.get(pos)
            if not post:
                break
            posts.append(post)
            nxt = sep.match(self.t, post.end)
            if not nxt:
                return posts, post.end
            pos = nxt.end()
        return posts, pos

    def _skip_ranks(self, pos: int) -> int:
        for _ in range(3):
            m = self.lex.rank.match(self.t, pos)
            if not m:
                break
            pos = m.end()
        return pos

    def mentions(self) -> tuple[list[_Mention], list[tuple[int, int, str]]]:
        """Full-name mentions with their posts, and short references (cue + one syllable)."""
        t = self.t
        found: dict[int, _Mention] = {}
        short: list[tuple[int, int, str]] = []
        lex = self.lex

        def add(start: int, end: int, name: str, pre: list[_Post], cue: int | None = None) -> None:
            if start in found or self._in_unit(start, end):
                return
            if cue is None and name in _places():
                return  # "Tại Hà Nội, Viện trưởng ...": a place followed by a post
            if cue is not None and _PLACE_BEFORE.search(t, max(0, cue - 12), cue):
                return  # "tỉnh Bà Rịa Vũng Tàu" is a place, not a lady
            if any(self.found_cover[start:end]):
                return
            if start >= 2 and t[start - 1] == " " and t[start - 2].isalpha():
                k = start - 2
                while k > 0 and t[k - 1].isalpha():
                    k -= 1
                prev = t[k : start - 1]
                covered = self.unit_cover[k] or self.post_cover[k]
                if (
                    not covered
                    and prev[0].isupper()
                    and (len(prev) == 1 or prev[1:].islower())
                    and prev not in _NOT_NAME
                ):
                    return  # inside a longer capitalised run: "Văn Lộc" of "Võ Văn Lộc"
            if _PLACE_BEFORE.search(t, max(0, start - 12), start) and (
                start - 1 not in self.unit_ends  # "UBND tỉnh" + name: the kind word ends a unit
            ):
                return
            chain = self._post_chain(end, first=True)
            posts = pre + chain
            self._trailing_unit(chain[-1].end if chain else end, posts)
            found[start] = _Mention(start, end, name, posts)
            self.found_cover[start:end] = b"\x01" * (end - start)

        # 1. honorific cue (+ posts) (+ rank/degree) + name
        for m in lex.cue.finditer(t):
            if self.unit_cover[m.start()]:
                continue  # "Anh" of "huyện Đông Anh", "Bà" of "Bà Rịa": a place, not a cue
            pos = m.end()
            sp = _BLANKS.match(t, pos)
            if not sp:
                continue
            pos = sp.end()
            pre, pos = self._posts_run(pos, _COMMA_OPT, 4)
            pos = self._skip_ranks(pos)
            got = self._name_at(pos)
            if not got:
                continue
            end, name = got
            if " " in name:
                add(pos, end, name, pre, cue=m.start())
                # "ông A và B", "bà A, B": the cue introduces the whole list
                for _ in range(4):
                    nm = _AND_NEXT.match(t, end)
                    got = self._name_at(nm.end()) if nm else None
                    if not got or " " not in got[1] or got[1].split(" ")[0] not in lex.surnames:
                        break
                    add(nm.end(), got[0], got[1], [], cue=m.start())
                    end = got[0]
            elif not pre:
                short.append((pos, end, name))
        # 2. rank or degree + name (no honorific)
        for m in lex.rank.finditer(t):
            if m.start() and t[m.start() - 1].isalnum():
                continue
            pos = self._skip_ranks(m.end())
            got = self._name_at(pos)
            if got and " " in got[1] and got[1].split(" ")[0] in lex.surnames:
                pre = self._pre_chain(m.start(), allow_comma=True)
                add(pos, got[0], got[1], pre)
        # 3. post + name ("Viện trưởng Nguyễn Văn Khải"), 4. name + ", post"
        for post in self.posts:
            pos = self._skip_ranks(post.end + 1) if post.end < len(t) and t[post.end] == " " else -1
            if pos < 0:
                continue
            got = self._name_at(pos)
            if got and " " in got[1] and got[1].split(" ")[0] in lex.surnames:
                pre = self._pre_chain(pos if pos == post.end + 1 else post.end, allow_comma=True)
                if not pre or pre[-1] is not post:
                    pre = [*pre, post]
                add(pos, got[0], got[1], pre)
        for m in self._surname_runs():
            got = self._name_at(m)
            if not got or " " not in got[1]:
                continue
            chain = self._post_chain(got[0], first=True)
            if chain or _BIRTH_AFTER.match(t, got[0]) or _SPEECH_AFTER.match(t, got[0]):
                add(m, got[0], got[1], [])
        groups = self._groups()
        for start, end, _posts in groups:
            self._group_members(start, end, add)
        mentions = sorted(found.values(), key=lambda x: x.start)
        self._apply_groups(mentions, groups)
        return mentions, short

    def _surname_runs(self) -> list[int]:
        pattern = _surname_pattern()
        return [m.start() for m in pattern.finditer(self.t)]

    def _groups(self) -> list[tuple[int, int, list[_Post]]]:
        """Group introductions ``các đồng chí <posts>: A, B; C.``: (list start, list end, posts)."""
        t = self.t
        out = []
        for m in _GROUP.finditer(t):
            posts, pos = self._posts_run(m.end(), _COMMA, 5)
            colon = _COLON.match(t, pos)
            if not posts or not colon:
                continue
            # the listed people end with the sentence (bounded: a list is not a page long)
            limit = min(len(t), colon.end() + _GROUP_SPAN)
            stop = _SENTENCE_END.search(t, colon.end(), limit)
            out.append((colon.end(), stop.start() if stop else limit, posts))
        return out

    def _group_members(self, start: int, end: int, add: Callable[..., None]) -> None:
        """Names listed after a group introduction, with or without their own honorific."""
        t = self.t
        pos = start
        for _ in range(12):
            sep = _LIST_SEP.match(t, pos, end)
            pos = self._skip_ranks(sep.end() if sep else pos)
            got = self._name_at(pos)
            if (
                not got
                or got[0] > end
                or " " not in got[1]
                or got[1].split(" ")[0] not in self.lex.surnames
            ):
                return
            add(pos, got[0], got[1], [], cue=start)
            chain = self._post_chain(got[0], first=True)
            pos = chain[-1].end if chain else got[0]

    def _apply_groups(
        self, mentions: list[_Mention], groups: list[tuple[int, int, list[_Post]]]
    ) -> None:
        """A group introduction's posts go first in the posts of everyone it lists."""
        starts = [men.start for men in mentions]
        for start, end, posts in groups:
            k = bisect.bisect_left(starts, start)
            while k < len(mentions) and mentions[k].start < end:
                men = mentions[k]
                men.posts = posts + [p for p in men.posts if p not in posts]
                k += 1

    def implied_unit(self, post: _Post, at: int) -> str | None:
        """The unit a post written without one refers to (``Viện trưởng`` → the procuracy in view)."""
        prefix = _PROCURACY_TITLES.get(_key(_FORMER.sub("", post.title)))
        if prefix is None:
            return None
        para_start = self.t.rfind("\n\n", 0, at) + 1
        before = [u for u in self.proc_units if para_start <= u[0] < at]
        if before:
            return prefix + before[-1][2]
        if self.proc_units:
            counts = Counter(u[2] for u in self.proc_units)
            return prefix + counts.most_common(1)[0][0]
        return None


_BLANKS = re.compile(r"[ \t]+")
# between the names of a list: separators and each member's own honorific
_LIST_SEP = re.compile(r"(?:[ \t,;]|và|(?i:đồng[ \t]+chí|đ/c))+")
_AND_NEXT = re.compile(r"[ \t]*(?:,|và)[ \t]+")
_FORMER = re.compile(r"^(?:[Nn]guyên|[Qq]uyền|[Cc]ựu)\s+")
_COMMA_OPT = re.compile(r"[ \t]*,?[ \t]*")
_COMMA = re.compile(r"[ \t]*,[ \t]*")
_COLON = re.compile(r"[ \t]*:")
# after a name: an optional age or birth year in brackets, then the separator before its posts
_SEP_FIRST = re.compile(
    r"(?:[ \t]*\((?:\d{1,3}[ \t]+tuổi|(?:SN|sinh[ \t]+năm)[ \t]*\d{4})\))?"
    r"[ \t]*(?:[,(:]|[-–]|\s(?=nguyên|cựu)|[ \t]là(?=[ \t]))[ \t]*\n?[ \t]*"
)
# a person's earlier post: "ông Hùng từng là ...", "bà từng giữ chức ...", "ông nguyên là ..."
# (found from the verb, a cheap literal scan, then its subject just before it)
_PAST_VERB = re.compile(r"(?:từng|nguyên)[ \t]+(?:là|giữ[ \t]+chức(?:[ \t]+vụ)?|làm)[ \t]+")
_PAST_SUBJECT = re.compile(
    rf"(?<![\w])(?:[Ôô]ng|[Bb]à|[Đđ]ồng[ \t]+chí|[Đđ]/c)(?:[ \t]+(?P<who>{CAP_SYL}(?:[ ]{CAP_SYL}){{0,4}}))?[ \t]+"
    r"(?:đã[ \t]+|cũng[ \t]+|còn[ \t]+)?\Z"
)
_UNIT_SEP = re.compile(r"[ \t]*,[ \t]*")
_SHORT_REF = re.compile(
    rf"[ \t]+(?:của[ \t]+)?(?P<head>Trung[ \t]tâm|Công[ \t]ty|Trường|nhà[ \t]trường|Bệnh[ \t]viện|Chi[ \t]nhánh)"
    rf"(?![\w])(?![ \t]+{CAP_SYL})"
)
_SEP_NEXT = re.compile(r"[ \t]*(?:,|;?[ \t]*kiêm|[ \t]và|[ \t]làm(?=[ \t]))[ \t]*\n?[ \t]*")


def _cover(size: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """A byte per character, 1 where one of ``spans`` covers it (O(1) overlap tests)."""
    cover = bytearray(size)
    for start, end in spans:
        cover[start:end] = b"\x01" * (end - start)
    return cover


_GROUP = re.compile(r"(?<![\w])(?:[Cc]ác|[Hh]ai|[Bb]a)[ \t]+(?:đồng[ \t]+chí|đ/c)[ \t]+")
_GROUP_SPAN = 800
# "Nguyễn Văn A, sinh năm 1980" / ", SN 1980" / ", 45 tuổi": a person without honorific
_BIRTH_AFTER = re.compile(r"[ \t]*[,(][ \t]*(?:sinh[ \t]+năm|SN|\d{1,3}[ \t]+tuổi)(?![\w])")
# "Nguyễn Văn A phát biểu ...": a caption or a sentence that opens on a full name and a verb
# that only people do
_SPEECH_AFTER = re.compile(
    r"[ \t]+(?:phát[ \t]+biểu|chủ[ \t]+trì|trao[ \t]+(?:quyết|tặng|giấy|bằng|kỷ)|nhấn[ \t]+mạnh|cho[ \t]+biết|"
    r"khẳng[ \t]+định|kết[ \t]+luận|trình[ \t]+bày|chia[ \t]+sẻ|thừa[ \t]+nhận|khai[ \t]+nhận)(?![\w])"
)
_SENTENCE_END = re.compile(r"\.(?:\s|$)|\n")


@cache
def _places() -> frozenset[str]:
    """Province names (and their aliases): shaped like names, never people without a cue."""
    return frozenset(province_names()) | frozenset(province_aliases())


@cache
def _surname_pattern() -> re.Pattern[str]:
    names = sorted(
        (s for s in _lex().surnames if " " not in s and len(s) > 1), key=len, reverse=True
    )
    return re.compile(r"(?<![\w])(?:" + phrase_regex(names) + rf")(?=[ ]{CAP_SYL})")


def _is_procuracy(name: str) -> bool:
    return name.startswith(("Viện kiểm sát nhân dân", "Viện kiểm sát quân sự"))


def find_people(
    text: str, unit_mentions: list[tuple[int, int, str]] | None = None, unified: str | None = None
) -> list[Person]:
    """People named in ``text``; ``unit_mentions`` as the units component gives them
    (computed here when ``None``); ``unified`` is ``tone_text(text)`` when the caller has it."""
    if unit_mentions is None:
        unit_mentions = [(f.start, f.end, f.name) for f in find_units(text)]
    finder = _Finder(text, unit_mentions, unified)
    mentions, short = finder.mentions()
    people: dict[str, Person] = {}
    first_at: dict[str, int] = {}
    for men in mentions:
        key = _key(men.name)
        person = people.get(key)
        if person is None:
            person = people[key] = Person(name=men.name, titles=[], unit=None, mentions=0)
            first_at[key] = men.start
        person.mentions += 1
        seen = {_key(x) for x in person.titles}
        for post in men.posts:
            if _key(post.title) not in seen:
                person.titles.append(post.title)
                seen.add(_key(post.title))
        if person.unit is None:
            state = [post for post in men.posts if not post.party]
            for k, post in enumerate(state):
                unit = post.unit
                if unit is None:
                    unit = finder.implied_unit(post, men.start)
                    # "Kiểm sát viên A, Phó Trưởng phòng 3": as specific as the text makes it
                    inner = [
                        q.unit
                        for q in state[k + 1 :]
                        if unit and q.unit and q.unit.endswith(" " + unit)
                    ]
                    unit = inner[0] if inner else unit
                if unit:
                    person.unit = unit
                    break
    # other occurrences of a full name, and short references ("đồng chí Trâm")
    counted = {men.start for men in mentions}
    for person in people.values():
        at = text.find(person.name)
        while at >= 0:
            after = at + len(person.name)
            whole = after >= len(text) or not text[after].isalnum()
            if whole and at not in counted:
                person.mentions += 1
                counted.add(at)
            at = text.find(person.name, after)
    refs = [(men.start, _key(men.name)) for men in mentions]
    for start, _end, word in short:
        owners = [
            p
            for p in people.values()
            if p.name.split(" ")[-1] == word and first_at[_key(p.name)] <= start
        ]
        if len(owners) == 1:
            owners[0].mentions += 1
            refs.append((start, _key(owners[0].name)))
    refs.sort()
    _past_posts(finder, people, first_at, refs)
    return list(people.values())


def _past_posts(
    finder: _Finder,
    people: dict[str, Person],
    first_at: dict[str, int],
    refs: list[tuple[int, str]],
) -> None:
    """``ông Hùng từng là Bí thư Huyện ủy X``; ``Trước đó, ông từng là ...``: earlier posts
    of a person already named (by a short name, or by the pronoun: the person named last
    before it in the same paragraph)."""
    text = finder.t
    for verb in _PAST_VERB.finditer(text):
        posts, _ = finder._posts_run(verb.end(), _COMMA, 4)
        if not posts:
            continue
        m = _PAST_SUBJECT.search(text, max(0, verb.start() - 60), verb.start())
        if not m:
            continue
        who = m.group("who")
        owner: Person | None = None
        if who and " " in who:
            owner = people.get(_key(who))
        elif who:
            cands = [
                p
                for p in people.values()
                if p.name.split(" ")[-1] == who and first_at[_key(p.name)] <= m.start()
            ]
            owner = cands[0] if len(cands) == 1 else None
        else:
            k = bisect.bisect_left(refs, (m.start(),))
            para = text.rfind("\n\n", 0, m.start())
            if k and refs[k - 1][0] > para:
                owner = people.get(refs[k - 1][1])
        if owner is None:
            continue
        seen = {_key(x) for x in owner.titles}
        for post in posts:
            if _key(post.title) not in seen:
                owner.titles.append(post.title)
                seen.add(_key(post.title))
            if owner.unit is None and not post.party and post.unit:
                owner.unit = post.unit


class PeopleComponent:
    """spaCy component: fills ``doc._.people`` (needs ``kiemsat_units`` before it for
    ``doc._.unit_mentions``; computes them itself otherwise)."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text, unified = doc_texts(doc)
        mentions = doc._.unit_mentions
        if mentions is None:
            found = find_units(text, dict(doc._.context or {}), doc._.zones, unified=unified)
            mentions = [(f.start, f.end, f.name) for f in found]
        doc._.people = find_people(text, mentions, unified=unified)
        return doc


@Language.factory("kiemsat_people")
def make_people(nlp: Language, name: str) -> PeopleComponent:
    """Factory registered under ``kiemsat_people`` (entry point in ``setup.cfg``)."""
    return PeopleComponent(nlp, name)
