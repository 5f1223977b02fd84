"""From an HTML page to the segmented parts of an article.

Order of trust:

1. A portal *profile* (``crawler/sites/*.toml``, data written by the crawler
   stage) names the CSS selectors of title, date, author, body and the parts
   to drop; when they match, they win.
2. Page metadata (``og:title``, ``article:published_time``, ``<time>``,
   ``meta name=author``) fills what the profile does not give.
3. Otherwise the page is reduced to text with one line per block element
   (navigation, scripts, forms and asides removed) and handed to the line
   classifier of :mod:`nlp.boilerplate`, the same one that reads plain-text
   copies.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import lxml.html
from lxml import etree

from nlp.boilerplate import CAPTION_MARK, Segmented, dedupe_paragraphs, segment_text
from nlp.dates import find_dates
from nlp.normalize import clean_text, nfc

MAX_HTML_BYTES = 20 * 1024 * 1024  # larger pages are cut before parsing

# Elements whose content is never story text.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "header",
    "footer",
    "aside",
    "menu",
)
# Elements that start a new line of text.
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "br",
    "hr",
    "blockquote",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "pre",
    "address",
    "center",
    "time",
}
# class/id words of chrome containers (menus, share bars, related lists, sidebars).
_CHROME_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:menu|nav|navbar|breadcrumbs?|sidebar|share|social|related|relate|tin-?lien-?quan|"
    r"other-?news|comments?|footer|header|banner|advert|ads?|toolbar|print|tags?|search|login|"
    r"pagination|paging|widget|popup|modal|cookie)(?:$|[\s_\-])",
    re.IGNORECASE,
)


def decode(html: str | bytes) -> str:
    """Bytes in any of the encodings Vietnamese portals use, to NFC text.

    The ``<meta charset>`` wins when it names a codec Python knows; else UTF-8;
    else Windows-1258 (legacy Vietnamese pages, tone marks as combining
    characters, hence the NFC).
    """
    if isinstance(html, str):
        return html
    data = html[:MAX_HTML_BYTES]
    m = re.search(rb"<meta[^>]{0,200}charset=[\"']?([\w-]{1,40})", data[:4096], re.IGNORECASE)
    encodings = [m.group(1).decode("ascii", "ignore")] if m else []
    encodings += ["utf-8", "windows-1258", "cp1252"]
    for enc in encodings:
        try:
            return nfc(data.decode(enc))
        except (LookupError, UnicodeDecodeError):
            continue
    return nfc(data.decode("utf-8", errors="replace"))


def parse(html: str | bytes) -> etree._Element:
    """An lxml tree; raises ``ValueError`` for input that holds no HTML at all."""
    text = decode(html)[:MAX_HTML_BYTES]
    text = text.replace("\x00", "")
    if not text.strip():
        raise ValueError("empty page")
    try:
        parser = lxml.html.HTMLParser(encoding=None, remove_comments=True, huge_tree=False)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML: {exc}") from exc
    if root is None:
        raise ValueError("not parseable as HTML")
    return root


def _meta(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = root.xpath(f'//meta[@{attr}="{name}"]/@content')
            if found and str(found[0]).strip():
                return clean_text(str(found[0])).strip()
    return None


def page_info(root: etree._Element) -> dict[str, Any]:
    """What the page's metadata says: canonical URL, title, date, author, site name."""
    info: dict[str, Any] = {}
    canon = root.xpath('//link[@rel="canonical"]/@href') or root.xpath(
        '//meta[@property="og:url"]/@content'
    )
    if canon:
        info["url"] = str(canon[0]).strip()
    info["title"] = _meta(root, "og:title", "twitter:title")
    if not info["title"]:
        h1 = root.xpath("//h1")
        if h1:
            info["title"] = clean_text(h1[0].text_content()).strip() or None
    date_text = _meta(root, "article:published_time", "datePublished", "pubdate", "date", "dc.date")
    if not date_text:
        times = root.xpath("//time/@datetime")
        date_text = str(times[0]) if times else None
    if date_text:
        dates = find_dates(date_text)
        info["published"] = dates[0].iso if dates else None
    info["author"] = _meta(root, "author", "article:author")
    info["site_name"] = _meta(root, "og:site_name")
    return info


# class/id words of photo-caption elements.
_CAPTION_ATTR = re.compile(
    r"(?:caption|chuthich|chu-thich|chu_thich|image-desc|img-desc|photo-desc|photocms_caption|"
    r"expnoedit|fig-desc|hinh-anh-mo-ta)",
    re.IGNORECASE,
)


def mark_captions(root: etree._Element, selector: str | None = None) -> None:
    """Mark photo captions in place (see :data:`nlp.boilerplate.CAPTION_MARK`).

    With a selector (a profile's), exactly its matches; without, what markup
    says is a caption: ``<figcaption>``, caption-like classes, and the text
    cells of a small table that holds an image (the CMS way of captioning).
    """
    if selector:
        targets = _select(root, selector)
    else:
        targets = list(root.iter("figcaption"))
        for el in root.iter():
            if not isinstance(el.tag, str) or el.tag in ("body", "html"):
                continue
            attrs = " ".join(str(el.get(a) or "") for a in ("class", "id"))
            if attrs.strip() and _CAPTION_ATTR.search(attrs) and len(el.text_content()) < 400:
                targets.append(el)
        for table in root.iter("table"):
            if table.find(".//img") is None or len(table.text_content()) > 400:
                continue
            for cell in table.iter("td", "th"):
                if cell.find(".//img") is None and cell.text_content().strip():
                    targets.append(cell)
    seen: set[int] = set()
    for el in targets:
        if id(el) in seen or any(id(a) in seen for a in el.iterancestors()):
            continue
        seen.add(id(el))
        text = re.sub(r"\s+", " ", el.text_content()).strip()
        if not text:
            continue
        for child in list(el):
            el.remove(child)
        el.text = CAPTION_MARK + text
        el.tag = "div"


def _is_chrome_container(el: etree._Element) -> bool:
    attrs = " ".join(str(el.get(a) or "") for a in ("class", "id", "role"))
    return bool(attrs.strip()) and bool(_CHROME_ATTR.search(attrs))


def _drop_chrome(root: etree._Element) -> None:
    for el in list(root.iter(*DROP_TAGS)):
        # An <article>'s own <header> holds its title and date, not site chrome.
        if el.tag == "header" and any(a.tag in ("article", "main") for a in el.iterancestors()):
            continue
        # ASP.NET pages wrap the whole page in one <form>: keep a form that holds paragraphs.
        if el.tag == "form" and (el.find(".//p") is not None or len(el.text_content()) > 1000):
            continue
        _remove(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("body", "html", "main", "article"):
            continue
        if _is_chrome_container(el):
            _remove(el)
    _drop_link_lists(root)


#: Containers that are dropped when most of their text is link text.
_LINK_LIST_TAGS = {"ul", "ol", "table", "div", "section", "p", "li", "dl", "td"}
LINK_DENSITY = 0.6


def _drop_link_lists(root: etree._Element) -> None:
    """Drop blocks whose text is mostly links: menus, "related news" and
    "latest news" lists, tag clouds, pagers, whatever their class names.

    Text and link-text lengths are computed bottom-up in one iterative pass
    (no recursion, no repeated ``text_content``), so deep pages stay linear.
    """
    total: dict[etree._Element, int] = {}
    linked: dict[etree._Element, int] = {}
    order: list[etree._Element] = []
    stack = [root]
    while stack:  # pre-order
        el = stack.pop()
        order.append(el)
        stack.extend(c for c in el if isinstance(c.tag, str))
    for el in reversed(order):  # children before parents
        size = len((el.text or "").strip())
        links = 0
        for child in el:
            if not isinstance(child.tag, str):
                continue
            size += total[child] + len((child.tail or "").strip())
            links += linked[child]
        total[el] = size
        linked[el] = size if el.tag == "a" else links
    drop = [
        el
        for el in order
        if el is not root
        and el.tag in _LINK_LIST_TAGS
        and total[el] >= 15
        and linked[el] >= LINK_DENSITY * total[el]
    ]
    dropped: set[etree._Element] = set()
    for el in drop:  # pre-order: an outer block goes first, its inner ones with it
        if any(a in dropped for a in el.iterancestors()):
            continue
        dropped.add(el)
        _remove(el)


def _remove(el: etree._Element) -> None:
    """Remove ``el`` but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def block_text(root: etree._Element) -> str:
    """Text of ``root`` with a line break around every block element.

    Iterative (no recursion), so deeply nested pages cannot overflow the stack.
    """
    out: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                out.append("\n")
            if el.tail:
                out.append(el.tail)
            continue
        if tag in BLOCK_TAGS:
            out.append("\n")
        if tag == "img":
            alt = ""  # alt text is not story text
            out.append(alt)
        if el.text and tag:
            out.append(el.text)
        stack.append((el, True))
        for child in reversed(list(el)):
            stack.append((child, False))
    text = "".join(out)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    # A block boundary becomes a blank line, like a copied page.
    return re.sub(r"\n{2,}", "\n\n", text.replace("\n", "\n\n")).strip()


def _select(root: etree._Element, selector: str | None) -> list[etree._Element]:
    if not selector:
        return []
    try:
        return root.cssselect(selector)
    except Exception:  # cssselect raises several error types for bad selectors
        return []


def _text(el: etree._Element) -> str:
    return re.sub(r"\s+", " ", clean_text(el.text_content())).strip()


def profile_fields(profile: Any) -> dict[str, Any]:
    """The ``[fields]`` selectors of a profile: a ``crawler.profiles.Profile``
    (attribute ``fields``), or a dict as read from its TOML file."""
    if profile is None:
        return {}
    fields = (
        profile.get("fields", profile)
        if isinstance(profile, dict)
        else getattr(profile, "fields", None)
    )
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        fields = {k: getattr(fields, k, None) for k in (*FIELD_KEYS, "drop", "date_format")}
    out = {k: (fields.get(k) or "") for k in FIELD_KEYS}
    drop = fields.get("drop") or ()
    out["drop"] = [drop] if isinstance(drop, str) else list(drop)
    out["date_format"] = fields.get("date_format") or ""
    return out


FIELD_KEYS = ("title", "dateline", "body", "byline", "captions", "section")


def _published(text: str, date_format: str) -> str | None:
    """The date of a dateline: the profile's ``strptime`` format first, then any date in it."""
    text = text.strip()
    if date_format:
        for candidate in (text, text[:40]):
            try:
                return datetime.strptime(candidate, date_format).date().isoformat()
            except ValueError:
                continue
    dates = find_dates(text)
    return dates[0].iso if dates else None


def segment_with_profile(root: etree._Element, profile: Any) -> Segmented | None:
    """Segment with a portal profile's selectors; None when its body selector finds nothing."""
    sel = profile_fields(profile)
    bodies = _select(root, sel.get("body"))
    if not bodies:
        return None
    body = bodies[0]
    for drop in sel["drop"]:
        for el in _select(root, drop):
            # Never drop the story container itself or one that holds it.
            if el is not body and el not in body.iterancestors():
                _remove(el)
    title = next((t for t in (_text(e) for e in _select(root, sel["title"])) if t), None)
    published = None
    for el in _select(root, sel["dateline"]):
        published = _published(f"{_text(el)} {el.get('datetime') or ''}", sel["date_format"])
        if published:
            break
    authors = [a for a in (_text(e) for e in _select(root, sel["byline"])) if a]
    for el in _select(root, sel["byline"]):
        _remove(el)
    mark_captions(body, sel["captions"] or None)
    sections = [t for t in (_text(e) for e in _select(root, sel["section"])) if t]
    _drop_chrome(body)
    seg = segment_text(block_text(body), title_hint=title, body_only=True)
    seg.title = title or seg.title
    seg.published = published or seg.published
    seg.authors = authors or seg.authors
    seg.section = sections[-1] if sections else seg.section
    seg.paragraphs = dedupe_paragraphs(seg.paragraphs, seg.title)
    return seg


def segment_html(
    html: str | bytes, *, url: str | None = None, profile: Any = None
) -> tuple[Segmented, dict[str, Any]]:
    """Segment an HTML page; returns the parts and page info (``url``, ``context``)."""
    text = decode(html)
    root = parse(text)
    info = page_info(root)
    seg = segment_with_profile(root, profile) if profile is not None else None
    if seg is None and _tree_lost_text(root, text):
        # libxml2 stops at a nesting depth limit and drops the rest: read the
        # page as a flat stream of tags instead (no tree, no depth limit).
        seg = segment_text(flat_text(text), title_hint=info.get("title"))
    if seg is None:
        body = root.find("body")
        target = body if body is not None else root
        h1 = [t for t in (_text(e) for e in target.iter("h1")) if t]
        hint = h1[0] if len(h1) == 1 else info.get("title")
        main = _main_container(target)
        _drop_chrome(main)
        mark_captions(main)
        seg = segment_text(block_text(main), title_hint=hint)
        if not seg.title and hint:
            seg.title = hint
            seg.paragraphs = dedupe_paragraphs(seg.paragraphs, seg.title)
        # Markup dates (<time datetime>, article:published_time) beat a guess from text.
        if info.get("published"):
            seg.published = info["published"]
    if info.get("published") and not seg.published:
        seg.published = info["published"]
    if info.get("author") and not seg.authors:
        seg.authors = [info["author"]]
    context: dict[str, Any] = {}
    unit = getattr(profile, "unit", None) if not isinstance(profile, dict) else profile.get("unit")
    if unit:
        context["unit"] = unit
    return seg, {"url": info.get("url") or url, "context": context}


_FLAT_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,30})(?:[\s/][^<>]{0,4000})?>")
_RAW_TEXT = {"script", "style", "noscript", "template"}


def flat_text(html: str) -> str:
    """Text of a page with a line break at every block tag, from a tag stream.

    A hand-written linear scan, not :class:`html.parser.HTMLParser`: that one
    rescans the rest of the page for every unclosed ``<a `` or ``<!--``, so a
    hostile page of a few kilobytes took minutes. Here every step moves forward
    (an unclosed comment or declaration ends the page, as in a browser).
    """
    import html as htmllib

    html = html[:MAX_HTML_BYTES]
    out: list[str] = []
    i, n = 0, len(html)
    while i < n:
        j = html.find("<", i)
        if j < 0:
            out.append(htmllib.unescape(html[i:]))
            break
        if j > i:
            out.append(htmllib.unescape(html[i:j]))
        if html.startswith("<!--", j):
            k = html.find("-->", j + 4)
            if k < 0:
                break
            i = k + 3
            continue
        m = _FLAT_TAG.match(html, j)
        if m is None:
            if html.startswith(("<!", "<?"), j):  # declaration or processing instruction
                k = html.find(">", j)
                if k < 0:
                    break
                i = k + 1
            else:  # a lone "<" is text
                out.append("<")
                i = j + 1
            continue
        tag = m.group(2).lower()
        i = m.end()
        if tag in _RAW_TEXT and not m.group(1):  # skip to its end tag, unread
            end = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(html, i)
            if end is None:
                break
            i = end.end()
        elif tag in BLOCK_TAGS:
            out.append("\n\n")
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", "".join(out))
    return re.sub(r"\n\s*\n[\s\n]*", "\n\n", text).strip()


_TAG = re.compile(r"<[^<>]{0,2000}>")


def _tree_lost_text(root: etree._Element, html: str) -> bool:
    """Whether the parsed tree holds far less text than the page (a truncated parse)."""
    body = root.find("body")
    tree_len = len((body if body is not None else root).text_content())
    raw_len = len(_TAG.sub("", html[:2_000_000]).strip())
    return raw_len >= 20 and tree_len < 0.5 * raw_len


def _main_container(root: etree._Element) -> etree._Element:
    """``<article>``/``<main>`` when the page has exactly one, else the whole body."""
    for tag in ("article", "main"):
        found = root.xpath(f"//{tag}")
        if len(found) == 1 and len(found[0].text_content()) > 200:
            return found[0]
    return root
