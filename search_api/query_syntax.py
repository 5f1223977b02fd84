"""The safe query syntax of ``q``, parsed into a small tree.

Syntax (everything else is plain text):

* words: all must match (``kiem sat toi cao``);
* ``"exact phrase"``: the words in that order (an unclosed quote runs to the end);
* ``-word`` or ``-"phrase"``: must not match;
* ``OR`` (upper case) between two words or phrases: either may match;
  ``a b OR c`` means ``a AND (b OR c)``.

Each backend compiles the tree itself (FTS5 MATCH with every term quoted, or an
Elasticsearch bool query of match/match_phrase); user text never reaches a
query language as syntax, so ``title:x``, ``NEAR(a b)``, ``*`` or ``{}`` are
just words. Each leaf carries the accented and the folded token streams of
:mod:`search_api.text`, abbreviations already expanded (a word that expands to
several tokens becomes a phrase).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search_api.base import QueryError
from search_api.text import accented_tokens, fold

MAX_QUERY_CHARS = 500
MAX_TERMS = 40


@dataclass(frozen=True)
class Leaf:
    """A word or a phrase: ``accented`` and ``folded`` are parallel token tuples."""

    accented: tuple[str, ...]
    folded: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.accented) > 1


@dataclass(frozen=True)
class AnyOf:
    """Alternatives joined by ``OR``; one must match."""

    options: tuple[Leaf, ...]


@dataclass
class Query:
    """``required`` clauses all match, ``excluded`` leaves never match."""

    required: list[Leaf | AnyOf] = field(default_factory=list)
    excluded: list[Leaf] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.required and not self.excluded

    def leaves(self) -> list[Leaf]:
        """Every positive leaf (what highlighting marks)."""
        out: list[Leaf] = []
        for clause in self.required:
            out.extend(clause.options if isinstance(clause, AnyOf) else [clause])
        return out


# phrase (closed or running to the end), or a run of non-space characters
_LEXEME = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


def _leaf(text: str) -> Leaf | None:
    tokens = accented_tokens(text)
    if not tokens:
        return None
    return Leaf(tuple(tokens), tuple(fold(t) for t in tokens))


def parse(q: str | None) -> Query:
    """Parse ``q``; raise :class:`QueryError` when it is too long to be a real query."""
    q = (q or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"q is too long ({len(q)} characters, at most {MAX_QUERY_CHARS})", "q")
    # lexemes: ("OR", None) | (negated, Leaf)
    items: list[tuple[str, bool, Leaf | None]] = []
    for m in _LEXEME.finditer(q):
        if m.group(3) is not None:
            word = m.group(3)
            if word == "OR":
                items.append(("or", False, None))
                continue
            negated = word.startswith("-") and len(word) > 1
            leaf = _leaf(word[1:] if negated else word)
        else:
            negated = m.group(1) == "-"
            leaf = _leaf(m.group(2))
        if leaf is not None:
            items.append(("leaf", negated, leaf))
    query = Query()
    i = 0
    while i < len(items):
        kind, negated, leaf = items[i]
        i += 1
        if kind == "or" or leaf is None:
            continue  # an OR with nothing to join is ignored
        if negated:
            query.excluded.append(leaf)
            continue
        options = [leaf]
        while i + 1 < len(items) and items[i][0] == "or":
            nkind, nneg, nleaf = items[i + 1]
            if nkind != "leaf" or nneg or nleaf is None:
                break
            options.append(nleaf)
            i += 2
        query.required.append(options[0] if len(options) == 1 else AnyOf(tuple(options)))
    n_terms = sum(len(leaf.accented) for leaf in query.leaves()) + len(query.excluded)
    if n_terms > MAX_TERMS:
        raise QueryError(f"q has too many terms ({n_terms}, at most {MAX_TERMS})", "q")
    return query
