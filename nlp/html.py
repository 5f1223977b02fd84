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
from typing import Any

import lxml.html
from lxml import etree

from nlp.boilerplate import Segmented, dedupe_paragraphs, segment_text
from nlp.dates import find_dates
from nlp.normalize import clean_text

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
    """Bytes in any of the encodings Vietnamese portals use, to text."""
    if isinstance(html, str):
        return html
    data = html[:MAX_HTML_BYTES]
    m = re.search(rb"<meta[^>]{0,200}charset=[\"']?([\w-]{1,40})", data[:4096], re.IGNORECASE)
    encodings = [m.group(1).decode("ascii", "ignore")] if m else []
    encodings += ["utf-8", "windows-1258", "cp1252"]
    for enc in encodings:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


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


def _is_chrome_container(el: etree._Element) -> bool:
    attrs = " ".join(str(el.get(a) or "") for a in ("class", "id", "role"))
    return bool(attrs.strip()) and bool(_CHROME_ATTR.search(attrs))


def _drop_chrome(root: etree._Element) -> None:
    for el in list(root.iter(*DROP_TAGS)):
        _remove(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("body", "html", "main", "article"):
            continue
        if _is_chrome_container(el):
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


def segment_with_profile(
    root: etree._Element, profile: Any, info: dict[str, Any]
) -> Segmented | None:
    """Segment using a portal profile's selectors; None when the body selector finds nothing."""
    sel = _profile_selectors(profile)
    bodies = _select(root, sel.get("body"))
    if not bodies:
        return None
    for drop in sel.get("drop", []):
        for el in _select(root, drop):
            _remove(el)
    captions: list[str] = []
    for el in _select(
        bodies[0], sel.get("caption") or "figcaption, .caption, .image-caption, .PhotoCMS_Caption"
    ):
        cap = clean_text(el.text_content()).strip()
        if cap:
            captions.append(cap)
        _remove(el)
    body_root = bodies[0]
    _drop_chrome(body_root)
    seg = segment_text(block_text(body_root))
    title_el = _select(root, sel.get("title"))
    if title_el:
        seg.title = clean_text(title_el[0].text_content()).strip() or seg.title
    date_el = _select(root, sel.get("date"))
    if date_el:
        dates = find_dates(
            clean_text(date_el[0].text_content() + " " + str(date_el[0].get("datetime") or ""))
        )
        if dates:
            seg.published = dates[0].iso
    author_el = _select(root, sel.get("author"))
    if author_el:
        authors = [clean_text(a.text_content()).strip() for a in author_el]
        seg.authors = [a for a in authors if a] or seg.authors
    section_el = _select(root, sel.get("section"))
    if section_el:
        seg.section = clean_text(section_el[-1].text_content()).strip() or seg.section
    from nlp.boilerplate import _credit_stripped  # local: a private helper shared on purpose

    seg.captions = [c for c in (_credit_stripped(c) for c in captions) if c] + seg.captions
    seg.paragraphs = dedupe_paragraphs(seg.paragraphs, seg.title)
    return seg


def _profile_selectors(profile: Any) -> dict[str, Any]:
    """Selectors from a profile (a dict from TOML or an object with attributes)."""
    if profile is None:
        return {}
    data = profile if isinstance(profile, dict) else getattr(profile, "__dict__", {})
    sel = data.get("selectors") or data.get("fields") or data
    if not isinstance(sel, dict):
        return {}
    out: dict[str, Any] = {}
    for key in ("title", "date", "author", "body", "section", "caption"):
        value = sel.get(key) or sel.get(f"{key}_selector")
        if key == "date" and not value:
            value = sel.get("published")
        if key == "author" and not value:
            value = sel.get("authors")
        if key == "body" and not value:
            value = sel.get("content")
        if isinstance(value, list):
            value = ", ".join(value)
        out[key] = value
    drop = sel.get("drop") or sel.get("remove") or data.get("drop") or []
    out["drop"] = [drop] if isinstance(drop, str) else list(drop)
    return out


def segment_html(
    html: str | bytes, *, url: str | None = None, profile: Any = None
) -> tuple[Segmented, dict[str, Any]]:
    """Segment an HTML page; returns the parts and page info (``url``, ``context``)."""
    root = parse(html)
    info = page_info(root)
    seg = segment_with_profile(root, profile, info) if profile is not None else None
    if seg is None:
        body = root.find("body")
        target = body if body is not None else root
        main = _main_container(target)
        _drop_chrome(main)
        text = block_text(main)
        seg = segment_text(text)
        # Metadata is more reliable than a guess from the text.
        if info.get("title"):
            seg.title = info["title"]
            seg.paragraphs = dedupe_paragraphs(seg.paragraphs, seg.title)
    if info.get("published") and not seg.published:
        seg.published = info["published"]
    if info.get("author") and not seg.authors:
        seg.authors = [info["author"]]
    return seg, {"url": info.get("url") or url, "context": {}}


def _main_container(root: etree._Element) -> etree._Element:
    """``<article>``/``<main>`` when the page has exactly one, else the whole body."""
    for tag in ("article", "main"):
        found = root.xpath(f"//{tag}")
        if len(found) == 1 and len(found[0].text_content()) > 200:
            return found[0]
    return root
