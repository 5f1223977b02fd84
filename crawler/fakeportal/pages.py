"""HTML of the fake portal's three layouts, modelled on the real portals.

* ``supreme``: the supreme procuracy's portal: header ``CỔNG THÔNG TIN ĐIỆN TỬ /
  VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO``, dateline under the title, ``Cỡ chữ:
  Tương phản`` tools, images preceded by an alignment toolbar whose text runs
  together as ``leftcenterrightdel``, byline last, ``Tìm kiếm`` in the footer.
* ``sharepoint``: a provincial SharePoint portal: section label ``Tin hoạt
  động``, US timestamps (``3/15/2021 8:19:41 AM``), a ``Tin liên quan`` block,
  ``.aspx?ItemID=`` URLs.
* ``wordpress``: a provincial WordPress portal: a slogan banner on every page,
  ``/YYYY/MM/DD/slug/`` permalinks, ``/page/N/`` pagination.

Everything is escaped with :func:`html.escape`; the text is ours (fixtures or
:mod:`kiemsat.synth`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Protocol


class PageArticle(Protocol):
    title: str
    published: date
    authors: list[str]
    section: str | None
    paragraphs: list[str]
    captions: list[tuple[int, str, str | None]]


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    published: date | None = None


SLOGAN = "Viện kiểm sát nhân dân - Công minh, chính trực, khách quan"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _head(title: str, charset: str | None, canonical: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    canon = f'<link rel="canonical" href="{_e(canonical)}">' if canonical else ""
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head>{meta}<title>{_e(title)}</title>{canon}'
        '<meta name="viewport" content="width=device-width"></head>\n'
    )


def sharepoint_time(art: PageArticle, salt: int = 0) -> str:
    """``M/D/YYYY h:mm:ss AM`` as SharePoint prints it (time of day from ``salt``)."""
    d = art.published
    hour = 7 + salt % 10
    minute, second = (salt * 13) % 60, (salt * 31) % 60
    h12 = hour if hour <= 12 else hour - 12
    return (
        f"{d.month}/{d.day}/{d.year} {h12}:{minute:02d}:{second:02d} {'AM' if hour < 12 else 'PM'}"
    )


def _paragraphs(art: PageArticle, figure: str) -> str:
    caps: dict[int, list[tuple[str, str | None]]] = {}
    for after, text, credit in art.captions:
        caps.setdefault(after, []).append((text, credit))
    out = []
    for i, para in enumerate(art.paragraphs):
        out.append(f"<p>{_e(para)}</p>")
        for n, (text, credit) in enumerate(caps.get(i, ())):
            out.append(figure.format(n=i * 10 + n, cap=_e(text), credit=_e(credit or "")))
    return "\n".join(out)


# ---------------------------------------------------------------------------
# supreme procuracy layout
# ---------------------------------------------------------------------------
SUPREME_HEADER = (
    '<header class="portal-header"><div class="portal-name">CỔNG THÔNG TIN ĐIỆN TỬ</div>'
    '<div class="org-name">VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO</div>'
    '<div class="org-en">The Supreme People’s Procuracy of Viet Nam</div></header>\n'
    '<nav class="menu"><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a> '
    '<a href="/tin-tuc/tin-hoat-dong">Tin hoạt động</a> <a href="/van-ban">Văn bản</a></nav>\n'
)
SUPREME_FOOTER = (
    '<footer><form class="search" action="/tim-kiem"><label>Tìm kiếm</label>'
    '<input name="q"></form><p>Bản quyền thuộc Viện kiểm sát nhân dân tối cao</p></footer>'
    "</body></html>\n"
)
SUPREME_FIGURE = (
    '<div class="img-tools"><span>left</span><span>center</span><span>right</span>'
    '<span>del</span></div><img src="/images/anh-{n}.jpg" alt="">'
    '<p class="image-caption">{cap}</p>'
)


def supreme_article(
    art: PageArticle, *, canonical: str | None = None, charset: str | None = "utf-8"
) -> str:
    d = art.published
    section = art.section or "Tin hoạt động"
    authors = "".join(f'<p class="author">{_e(a)}</p>' for a in art.authors)
    return (
        _head(f"{art.title} - VKSND tối cao", charset, canonical)
        + "<body>"
        + SUPREME_HEADER
        + f'<div class="breadcrumb"><a href="/">Trang chủ</a> <a href="/tin-tuc/tin-hoat-dong">{_e(section)}</a></div>\n'
        + f'<main><article class="news-detail"><h1 class="news-title">{_e(art.title)}</h1>\n'
        + f'<div class="news-date">{d.day:02d}/{d.month:02d}/{d.year}</div>\n'
        + '<div class="news-tools">Cỡ chữ: <a href="#">A-</a> <a href="#">A+</a> Tương phản</div>\n'
        + '<div class="news-content">\n'
        + _paragraphs(art, SUPREME_FIGURE)
        + f"\n{authors}</div></article></main>\n"
        + SUPREME_FOOTER
    )


def supreme_listing(links: Sequence[Link], page: int, next_href: str | None) -> str:
    items = "\n".join(
        f'<div class="news-item"><a class="news-link" href="{_e(link.href)}">{_e(link.text)}</a>'
        + (
            f' <span class="date">{link.published.strftime("%d/%m/%Y")}</span>'
            if link.published
            else ""
        )
        + "</div>"
        for link in links
    )
    nav = f'<a class="next-page" href="{_e(next_href)}">Trang sau</a>' if next_href else ""
    return (
        _head(f"Tin hoạt động - Trang {page}", "utf-8", None)
        + "<body>"
        + SUPREME_HEADER
        + f'<main><h2>Tin hoạt động</h2><div class="news-list">\n{items}\n</div>'
        + f'<div class="paging"><span class="current">{page}</span> {nav}</div></main>\n'
        + SUPREME_FOOTER
    )


# ---------------------------------------------------------------------------
# SharePoint provincial layout
# ---------------------------------------------------------------------------
SP_HEADER = (
    '<div class="ms-banner"><span class="ms-sitetitle">VIỆN KIỂM SÁT NHÂN DÂN TỈNH THÁI BÌNH</span></div>\n'
    '<div class="ms-nav"><a href="/">Trang chủ</a> | <a href="/Pages/tin-hoat-dong.aspx">Tin hoạt động</a>'
    ' | <a href="/Pages/lien-he.aspx">Liên hệ</a></div>\n'
)
SP_FOOTER = '<div class="footer">Cổng thông tin điện tử VKSND tỉnh Thái Bình</div></body></html>\n'
SP_FIGURE = (
    '<table class="anh"><tr><td><img src="/PublishingImages/anh{n}.jpg"></td></tr>'
    '<tr><td class="chuthich">{cap}</td></tr></table>'
)


def sharepoint_article(
    art: PageArticle,
    *,
    salt: int,
    related: Sequence[Link] = (),
    canonical: str | None = None,
    charset: str | None = "utf-8",
) -> str:
    rel = "".join(f'<li><a href="{_e(link.href)}">{_e(link.text)}</a></li>' for link in related)
    byline = "".join(
        f'<p class="tacgia" style="text-align:right"><b>{_e(a)}</b></p>' for a in art.authors
    )
    return (
        _head(art.title, charset, canonical)
        + '<body><form id="aspnetForm" method="post" action="">'
        + SP_HEADER
        + '<div class="ms-webpart-zone">'
        + f'<div class="chuyenmuc">{_e(art.section or "Tin hoạt động")}</div>\n'
        + f'<h2 class="tieude">{_e(art.title)}</h2>\n'
        + f'<span class="ngaydang">{sharepoint_time(art, salt)}</span>'
        + '<div class="noidung">\n'
        + _paragraphs(art, SP_FIGURE)
        + f"\n{byline}<p>&nbsp;</p></div>\n"
        + f'<div class="tinlienquan"><h3>Tin liên quan</h3><ul>{rel}</ul></div>'
        + "</div></form>"
        + SP_FOOTER
    )


def sharepoint_listing(links: Sequence[Link], page: int, next_href: str | None) -> str:
    rows = "\n".join(
        f'<tr><td class="title"><a href="{_e(link.href)}">{_e(link.text)}</a></td></tr>'
        for link in links
    )
    nav = (
        f'<a class="ms-paging-next" href="{_e(next_href)}">Trang tiếp &gt;</a>' if next_href else ""
    )
    return (
        _head("Tin hoạt động", "utf-8", None)
        + "<body>"
        + SP_HEADER
        + f'<div class="ms-listing"><div class="chuyenmuc">Tin hoạt động</div><table>{rows}</table>'
        + f'<div class="ms-paging">Trang {page} {nav}</div></div>'
        + SP_FOOTER
    )


# ---------------------------------------------------------------------------
# WordPress provincial layout
# ---------------------------------------------------------------------------
WP_HEADER = (
    '<div class="site-slogan">' + SLOGAN + "</div>\n"
    '<header class="site-header"><p class="site-title"><a href="/">VKSND tỉnh Quảng Trị</a></p>'
    '<nav><a href="/chuyen-muc/tin-hoat-dong/">Tin hoạt động</a> <a href="/lien-he/">Liên hệ</a></nav></header>\n'
)
WP_FOOTER = (
    '<footer class="site-footer"><div class="site-slogan">' + SLOGAN + "</div>"
    "<p>Cổng thông tin điện tử VKSND tỉnh Quảng Trị</p></footer></body></html>\n"
)
WP_FIGURE = (
    '<figure class="wp-caption"><img src="/wp-content/uploads/anh-{n}.jpg" alt="">'
    '<figcaption class="wp-caption-text">{cap}</figcaption></figure>'
)


def wordpress_article(
    art: PageArticle, *, canonical: str | None = None, charset: str | None = "utf-8"
) -> str:
    d = art.published
    authors = ", ".join(_e(a) for a in art.authors)
    return (
        _head(f"{art.title} – VKSND tỉnh Quảng Trị", charset, canonical)
        + '<body class="single">'
        + WP_HEADER
        + '<main><article class="post type-post">'
        + f'<h1 class="entry-title">{_e(art.title)}</h1>\n'
        + f'<div class="entry-meta"><time class="entry-date" datetime="{d.isoformat()}T08:00:00+07:00">'
        + f"{d.day:02d}/{d.month:02d}/{d.year}</time>"
        + f' <span class="cat-links"><a href="/chuyen-muc/tin-hoat-dong/">{_e(art.section or "Tin hoạt động")}</a></span></div>\n'
        + '<div class="entry-content">\n'
        + _paragraphs(art, WP_FIGURE)
        + (f'\n<p class="byline"><span class="author">{authors}</span></p>' if authors else "")
        + '\n<div class="sharedaddy">Chia sẻ: Facebook Zalo</div></div></article></main>\n'
        + WP_FOOTER
    )


def wordpress_listing(links: Sequence[Link], page: int, next_href: str | None) -> str:
    items = "\n".join(
        f'<article class="post"><h2 class="entry-title"><a href="{_e(link.href)}">{_e(link.text)}</a></h2></article>'
        for link in links
    )
    nav = (
        f'<a class="next page-numbers" href="{_e(next_href)}">Trang sau »</a>' if next_href else ""
    )
    return (
        _head(f"Tin hoạt động – Trang {page}", "utf-8", None)
        + '<body class="archive">'
        + WP_HEADER
        + f'<main><h1 class="page-title">Chuyên mục: Tin hoạt động</h1>\n{items}\n'
        + f'<nav class="pagination"><span class="page-numbers current">{page}</span> {nav}</nav></main>\n'
        + WP_FOOTER
    )


def rss(base: str, links: Sequence[Link]) -> str:
    items = "".join(
        f"<item><title>{_e(link.text)}</title><link>{_e(base + link.href)}</link>"
        + (
            f"<pubDate>{link.published.strftime('%a, %d %b %Y')} 08:00:00 +0700</pubDate>"
            if link.published
            else ""
        )
        + "</item>"
        for link in links
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>VKSND tỉnh Quảng Trị</title><link>{_e(base)}/</link>"
        f"<description>Tin hoạt động</description>{items}</channel></rss>\n"
    )


def sitemap(base: str, links: Sequence[Link]) -> str:
    urls = "".join(
        f"<url><loc>{_e(base + link.href)}</loc>"
        + (f"<lastmod>{link.published.isoformat()}</lastmod>" if link.published else "")
        + "</url>"
        for link in links
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
