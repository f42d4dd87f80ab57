"""Chinese-aware text for search: normalisation and overlapping character bigrams.

A run of Chinese characters has no spaces, so full-text engines (SQLite FTS5's unicode61
tokenizer, PostgreSQL's parser) index it as one long token and cannot find a word inside it.
Like Lucene's CJK analyzer, we index every pair of neighbouring characters ("小区电动车" →
小区 区电 电动 动车) and search a query as the phrase of its pairs ("电动车" → "电动 动车"): any run
of two or more characters that occurs in a text finds it, as Ctrl+F would, whatever a dictionary
says is a word. Latin letters and digits stay whole words; text is NFKC-normalised and case-folded
first, so full-width ５Ｇ and ＷＩＦＩ match 5G and wifi.
"""

import re
import unicodedata

# CJK Unified Ideographs with extensions A–H, compatibility ideographs, and the supplementary planes.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
RUN = re.compile(f"([{CJK}]+)|([^\\W_{CJK}]+)")


def normalise(text):
    return unicodedata.normalize("NFKC", text or "").casefold()


def tokens(text):
    """Bigrams of Chinese runs (a lone character stays as it is) and whole Latin/digit words.

    A Chinese run that directly follows a Latin/digit word also yields its first character, so that
    "3号楼" (3 号 号楼) and "60岁" (60 岁) are found inside "3号楼前" and "60岁以上"."""
    result = []
    after_word_at = None
    for match in RUN.finditer(normalise(text)):
        chinese, word = match.groups()
        if word:
            result.append(word)
            after_word_at = match.end()
            continue
        if after_word_at == match.start() or len(chinese) == 1:
            result.append(chinese[0])
        result.extend(chinese[i : i + 2] for i in range(len(chinese) - 1))
        after_word_at = None
    return result


def index_text(*texts):
    """What the search index stores for `texts`: their tokens separated by spaces."""
    return " ".join(" ".join(tokens(text)) for text in texts if text)


def query_phrases(query):
    """One phrase (a space-separated token sequence) per whitespace-separated term of `query`."""
    return [" ".join(found) for term in normalise(query).split() if (found := tokens(term))]


class ChineseSearchable:
    """For models searched in Chinese: add `index.SearchField("search_grams")` to search_fields and
    define `search_texts()`, the public texts to find the object by (never private fields)."""

    def search_texts(self):
        raise NotImplementedError

    def search_grams(self):
        return index_text(*self.search_texts())
