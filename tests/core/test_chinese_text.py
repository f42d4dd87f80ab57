"""Chinese text as the search index sees it (core/chinese_text.py): overlapping bigrams of Chinese
runs, Latin words and digits kept whole, full-width input folded, one phrase per query term."""

from core.chinese_text import query_phrases, tokens


def test_chinese_runs_become_overlapping_bigrams():
    assert tokens("小区电动车充电难") == ["小区", "区电", "电动", "动车", "车充", "充电", "电难"]


def test_latin_and_digits_stay_whole_and_lead_the_next_chinese_character():
    assert tokens("3号楼前") == ["3", "号", "号楼", "楼前"]
    assert tokens("5G信号") == ["5g", "信", "信号"]
    assert tokens("ＷｉＦｉ　１２３４５热线") == ["wifi", "12345", "热", "热线"]


def test_a_query_is_one_phrase_per_term():
    assert query_phrases("加装电梯 3号楼") == ["加装 装电 电梯", "3 号 号楼"]
    assert query_phrases("  ") == []
