from .archive import MonthArchivePage, YearArchivePage
from .article import (
    ArticleByline,
    ArticleCorrection,
    ArticleCountry,
    ArticlePage,
    ArticleTag,
)
from .author import Author, AuthorName
from .home import HomePage, edition_homes
from .section import SectionPage

__all__ = [
    "ArticleByline",
    "ArticleCorrection",
    "ArticleCountry",
    "ArticlePage",
    "ArticleTag",
    "Author",
    "AuthorName",
    "HomePage",
    "MonthArchivePage",
    "SectionPage",
    "YearArchivePage",
    "edition_homes",
]
