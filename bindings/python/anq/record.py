# SPDX-License-Identifier: MIT
"""The record as dataclasses: the fields of the JSON record (README, "The
record"), with dates as datetime.date and absent values as None."""
import datetime
from dataclasses import dataclass, field, fields
from typing import List, Optional


def _date(s):
    return datetime.date.fromisoformat(s) if s else None


@dataclass(frozen=True)
class Author:
    name: Optional[str] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    civility: Optional[str] = None
    an_id: Optional[str] = None
    group: Optional[str] = None
    group_abbrev: Optional[str] = None
    department: Optional[str] = None
    region: Optional[str] = None
    constituency: Optional[int] = None


@dataclass(frozen=True)
class Attribution:
    ministry: Optional[str]
    date: Optional[datetime.date]


@dataclass(frozen=True)
class Jo:
    """A Journal officiel publication: date and page (None when not given)."""
    date: Optional[datetime.date]
    jo_page: Optional[int]


@dataclass(frozen=True)
class Closure:
    code: Optional[str]
    reason: Optional[str]
    date: Optional[datetime.date]


@dataclass(frozen=True)
class Event:
    kind: str
    date: Optional[datetime.date]
    jo_page: Optional[int]


@dataclass
class Question:
    format: str
    uid: str
    legislature: int
    type: str
    number: int
    url: Optional[str] = None
    author: Author = field(default_factory=Author)
    ministry_asked: Optional[str] = None
    ministry_answering: Optional[str] = None
    attributions: List[Attribution] = field(default_factory=list)
    rubrique: Optional[str] = None
    tete_analyse: Optional[str] = None
    analyses: List[str] = field(default_factory=list)
    title: Optional[str] = None
    submitted: Optional[Jo] = None
    answered: Optional[Jo] = None
    sitting_date: Optional[datetime.date] = None
    status: str = "unknown"
    closure: Optional[Closure] = None
    events: List[Event] = field(default_factory=list)
    question: Optional[str] = None
    answer: Optional[str] = None
    question_html: Optional[str] = None
    answer_html: Optional[str] = None
    warnings: List[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d):
        """A Question from the dict that anq.parse() returns. Keys that this
        version of the binding does not know are left out."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        author = d.get("author") or {}
        akeys = {f.name for f in fields(Author)}
        kw["author"] = Author(**{k: v for k, v in author.items() if k in akeys})
        kw["attributions"] = [Attribution(a.get("ministry"), _date(a.get("date")))
                              for a in d.get("attributions") or []]
        for key in ("submitted", "answered"):
            jo = d.get(key)
            kw[key] = Jo(_date(jo.get("date")), jo.get("jo_page")) if jo else None
        kw["sitting_date"] = _date(d.get("sitting_date"))
        c = d.get("closure")
        kw["closure"] = Closure(c.get("code"), c.get("reason"), _date(c.get("date"))) if c else None
        kw["events"] = [Event(e.get("kind"), _date(e.get("date")), e.get("jo_page"))
                        for e in d.get("events") or []]
        kw["analyses"] = list(d.get("analyses") or [])
        kw["warnings"] = list(d.get("warnings") or [])
        return cls(**kw)
