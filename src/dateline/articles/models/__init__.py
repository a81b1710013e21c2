from .archive import MonthArchivePage, YearArchivePage
from .article import (
    ArticleByline,
    ArticleCorrection,
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
    "ArticleCorrection",
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
