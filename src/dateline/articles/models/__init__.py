from .archive import MonthArchivePage, YearArchivePage
from .article import (
    ArticleByline,
    ArticleCountry,
    ArticlePage,
    ArticleRelated,
    ArticleSeeAlsoExclusion,
    ArticleTag,
)
from .author import Author, AuthorName
from .home import HomePage
from .section import SectionPage

__all__ = [
    "ArticleByline",
    "ArticleCountry",
    "ArticlePage",
    "ArticleRelated",
    "ArticleSeeAlsoExclusion",
    "ArticleTag",
    "Author",
    "AuthorName",
    "HomePage",
    "MonthArchivePage",
    "SectionPage",
    "YearArchivePage",
]
