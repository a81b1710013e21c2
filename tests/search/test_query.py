"""Reading a reader's query: words, phrases, other names; and marking results."""

from dateline.search.highlight import marked, snippet
from dateline.search.query import MAX_TERMS, parse
from dateline.text.indexing import index_text, pairs


def test_chinese_runs_are_indexed_and_asked_for_as_character_pairs():
    assert pairs("北京大学") == ["北京", "京大", "大学"]
    assert index_text("今日北京, Seoul") == " 今日 日北 北京 , Seoul"
    assert parse("北京", "zh-hans").for_engine()[0][0] == ("北京",)
    assert parse("北京大学", "zh-hans").for_engine()[0][0] == ("北京", "京大", "大学")


def test_engine_syntax_typed_by_a_reader_is_plain_text():
    query = parse('AND OR NOT * : ( ) {title} "unbalanced', "en")
    forms = [form for term in query.for_engine() for form in term]
    assert all(word.isalnum() for form in forms for word in form)
    assert ("unbalanced",) in forms


def test_common_words_are_left_out_unless_nothing_else_was_typed():
    assert [t.text for t in parse("the rail and the sea", "en").terms] == [
        "rail",
        "sea",
    ]
    assert [t.text for t in parse("the who", "en").terms] == ["the", "who"]
    assert not parse("  ", "en")
    assert not parse('""', "en")


def test_quoted_words_stay_together():
    query = parse('"rail link" Seoul', "en")
    assert query.terms[0].forms[0] == ("rail", "link")


def test_places_and_countries_bring_their_names_in_the_other_editions():
    beijing = parse("Beijing", "it").terms[0].forms
    assert {("pechino",), ("pekín",), ("北京",)} <= set(beijing)
    mongolia = parse("蒙古", "zh-hans").terms[0].forms
    assert ("mongolia",) in mongolia
    # A name of several words is one term: "Corea del Sud" is not three.
    (korea,) = parse("Corea del Sud", "it").terms
    assert ("south", "korea") in korea.forms


def test_a_long_query_is_cut_and_says_so():
    words = " ".join(f"word{n}" for n in range(MAX_TERMS + 5))
    query = parse(words, "en")
    assert len(query.terms) == MAX_TERMS
    assert query.truncated


def test_marks_are_the_only_markup_and_match_without_case_or_accents():
    html = marked(
        "<b>Pekín</b> & the Governments of 北京大学", {"pekin", "government", "北京"}
    )
    assert html == (
        "&lt;b&gt;<mark>Pekín</mark>&lt;/b&gt; &amp; the <mark>Governments</mark> "
        "of <mark>北京</mark>大学"
    )


def test_a_snippet_is_cut_around_the_words_between_words():
    text = "Filler words here. " * 40 + "The rail link opened today. " + "More. " * 40
    html = snippet(text, {"rail"}, length=80)
    assert "<mark>rail</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 140
    # No word is cut in two.
    inner = html.strip("…")
    assert text.find(inner.replace("<mark>", "").replace("</mark>", "")) >= 0
