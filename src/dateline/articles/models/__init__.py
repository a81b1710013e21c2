from .archive import MonthArchivePage, YearArchivePage
from .article import ArticlePage
from .author import Author, AuthorName
from .home import HomePage, edition_homes
from .parts import ArticleByline, ArticleCorrection, ArticleCountry, ArticleTag
from .queries import body_text
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
    "body_text",
    "edition_homes",
]
