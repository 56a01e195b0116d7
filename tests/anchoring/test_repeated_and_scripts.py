"""Issue 12 on plain strings: repeated text decided by context, far moves, split quotes, and every
script (Chinese, Japanese, Arabic right to left, Czech, German, French) behaving like English.
All text here was written for these tests."""
from __future__ import annotations

from server.anchoring import PageIndex, anchor
from tests.anchoring.test_matcher import selectors

HEADLINE = "Harbour council approves the new ferry timetable"


def news_page(headline: str, body_headline: str | None = None) -> str:
    """A page that repeats its headline in the navigation, breadcrumbs, share widget and a related
    list, as real news pages do."""
    body_headline = headline if body_headline is None else body_headline
    return "\n".join([
        "The Coastal Herald", "News · Sport · Weather", headline, f"Home › Local › {headline}",
        body_headline, "By Mira Selby", f"Share: {headline} · Facebook · X · Email",
        "The council voted late on Monday to add two early crossings to the winter timetable.",
        "Residents of the islands had asked for the change for several years.",
        "Related", "Storm warnings issued for the northern coast", headline, "Cookie settings · Contact us"])


def test_unedited_headline_anchors_on_the_body_copy_not_the_nav_copy():
    page = news_page(HEADLINE)
    quote, position = selectors(page, HEADLINE, occurrence=2)
    result = anchor(page, quote, position)
    assert (result.state, result.start) == ("anchored", position.start)


def test_corrected_headline_is_changed_or_orphaned_not_moved_to_a_stale_copy():
    page = news_page(HEADLINE)
    quote, position = selectors(page, HEADLINE, occurrence=2)
    edited = news_page(HEADLINE, "Correction: ferry timetable vote postponed until spring")
    assert anchor(edited, quote, position).state in ("changed", "orphaned")


def test_headline_with_typo_fixed_anchors_fuzzily_on_the_fixed_body_copy_not_the_stale_nav_copy():
    typo = "Harbour council approves the new ferry timetabel"
    page = news_page(typo)
    quote, position = selectors(page, typo, occurrence=2)
    edited = news_page(typo, HEADLINE)
    result = anchor(edited, quote, position)
    body = edited.index("\n" + HEADLINE + "\n") + 1
    assert (result.state, result.start, result.end) == ("anchored", body, body + len(HEADLINE))


def test_headline_pushed_down_by_a_long_insertion_still_anchors_on_its_own_copy():
    page = news_page(HEADLINE)
    quote, position = selectors(page, HEADLINE, occurrence=2)
    banner = "Live updates\n" + "A long live blog entry about harbour works and tides. " * 80
    edited = page.replace("By Mira Selby", banner + "\nBy Mira Selby").replace("The Coastal Herald", banner, 1)
    result = anchor(edited, quote, position)
    body = edited.index("\n" + HEADLINE + "\nLive updates") + 1
    assert (result.state, result.start) == ("anchored", body)


def test_short_quote_whose_sentence_was_deleted_is_not_moved_to_another_copy():
    page = news_page(HEADLINE)
    quote, position = selectors(page, "two early crossings")
    edited = page.replace("The council voted late on Monday to add two early crossings to the winter timetable.\n", "")
    edited += "\nOther towns also run two early crossings in summer."
    assert anchor(edited, quote, position).state == "orphaned"


def test_quote_split_by_an_inserted_paragraph_anchors_across_it():
    text = ("Intro.\nThe bridge will close for repairs in March. Drivers are advised to use the ring road. "
            "Buses will divert.\nOutro.")
    exact = "The bridge will close for repairs in March. Drivers are advised to use the ring road."
    quote, position = selectors(text, exact)
    inserted = "\nAdvertisement: visit the new harbour museum this weekend.\n"
    edited = text.replace("March. Drivers", "March." + inserted + "Drivers")
    result = anchor(edited, quote, position)
    assert result.state == "anchored"
    assert edited[result.start:result.end].startswith("The bridge") and edited[:result.end].endswith("ring road.")


def test_far_moved_paragraph_with_a_typo_is_found_thousands_of_characters_away():
    filler = "\n".join(f"Paragraph {i} about the regional budget and its many small lines." for i in range(120))
    moved = "The treasurer said the surplus would be spent on school roofs and flood walls."
    text = "Intro.\n" + moved + "\n" + filler + "\nEnd."
    quote, position = selectors(text, moved)
    edited = "Intro.\n" + filler + "\n" + moved.replace("surplus", "surplsu") + "\nEnd."
    result = anchor(edited, quote, position)
    assert result.state == "anchored" and result.fuzzy
    assert edited[result.start:result.end] == moved.replace("surplus", "surplsu")


def test_deleted_sentence_with_a_near_template_copy_elsewhere_is_not_attached():
    text = ("Intro.\nTurnout in the northern district rose to 61 percent this year.\n" + "Filler sentence here. " * 200
            + "\nTurnout in the southern district rose to 58 percent this year.\nEnd.")
    quote, position = selectors(text, "Turnout in the northern district rose to 61 percent this year.")
    edited = text.replace("Turnout in the northern district rose to 61 percent this year.\n", "")
    assert anchor(edited, quote, position).state != "anchored"


# --- scripts ----------------------------------------------------------------------------------------

CHINESE = ("港口委员会周一晚间投票决定，在冬季时刻表中增加两班早班渡轮。岛上居民多年来一直要求作出这一改变。"
           "委员会主席表示，新时刻表将于下月起实施。")
JAPANESE = ("港湾委員会は月曜日の夜、冬のダイヤに早朝のフェリーを二便追加することを決めた。島の住民は何年も前から"
            "この変更を求めていた。委員長によると、新しいダイヤは来月から実施される。")
ARABIC = ("صوّت مجلس الميناء مساء الاثنين على إضافة رحلتين مبكرتين إلى جدول الشتاء. "
          "وكان سكان الجزر قد طالبوا بهذا التغيير منذ سنوات. وقال رئيس المجلس إن الجدول الجديد سيبدأ الشهر المقبل.")
CZECH = ("Přístavní rada v pondělí večer odhlasovala přidání dvou ranních spojů do zimního jízdního řádu. "
         "Obyvatelé ostrovů o změnu žádali několik let.")
GERMAN = ("Der Hafenrat hat am Montagabend beschlossen, zwei frühe Fähren in den Winterfahrplan aufzunehmen. "
          "Die Bewohner der Inseln hatten seit Jahren darum gebeten.")
FRENCH = ("Le conseil du port a voté lundi soir l'ajout de deux traversées matinales à l'horaire d'hiver. "
          "Les habitants des îles réclamaient ce changement depuis des années.")


def test_unspaced_sentence_ends_are_sentence_ends():
    from server.anchoring.matcher import SENTENCE_END
    assert all(c in SENTENCE_END for c in "。！？")


def _edited_quote_anchors_on_its_edited_span(text: str, exact: str, old: str, new: str):
    quote, position = selectors(text, exact)
    edited = "更新 Update ·\n" + text.replace(old, new)
    result = anchor(edited, quote, position)
    assert result.state == "anchored" and result.fuzzy, result
    assert edited[result.start:result.end] == exact.replace(old, new)


def test_chinese_sentence_with_one_character_changed_anchors_on_that_sentence_only():
    _edited_quote_anchors_on_its_edited_span(CHINESE, "岛上居民多年来一直要求作出这一改变。", "多年", "数年")


def test_japanese_sentence_with_one_character_changed_anchors_on_that_sentence_only():
    _edited_quote_anchors_on_its_edited_span(JAPANESE, "島の住民は何年も前からこの変更を求めていた。", "何年", "数年")


def test_arabic_sentence_with_a_word_changed_anchors_on_its_words():
    _edited_quote_anchors_on_its_edited_span(ARABIC, "وكان سكان الجزر قد طالبوا بهذا التغيير منذ سنوات.", "سنوات",
                                             "أعوام")


def test_czech_german_and_french_sentences_with_a_typo_anchor_on_their_words():
    for text, exact, old, new in ((CZECH, "Obyvatelé ostrovů o změnu žádali několik let.", "žádali", "žádaly"),
                                  (GERMAN, "Die Bewohner der Inseln hatten seit Jahren darum gebeten.", "Jahren",
                                   "Jahrne"),
                                  (FRENCH, "Les habitants des îles réclamaient ce changement depuis des années.",
                                   "réclamaient", "réclamait")):
        _edited_quote_anchors_on_its_edited_span(text, exact, old, new)


def test_short_chinese_quote_whose_sentence_was_deleted_is_orphaned_not_moved():
    quote, position = selectors(CHINESE, "早班渡轮")
    edited = CHINESE.replace("港口委员会周一晚间投票决定，在冬季时刻表中增加两班早班渡轮。", "")
    edited += "邻镇夏季也开早班渡轮。"
    assert anchor(edited, quote, position).state == "orphaned"


def test_chinese_quote_after_an_inserted_paragraph_is_found_exactly():
    quote, position = selectors(CHINESE, "委员会主席表示，新时刻表将于下月起实施。")
    edited = "编者按：本文已更新。\n" + CHINESE
    result = PageIndex(edited).anchor(quote, position)
    assert (result.state, result.fuzzy) == ("anchored", False)
    assert edited[result.start:result.end] == quote.exact


def test_edited_chinese_quote_on_a_page_of_more_than_256_distinct_characters_anchors_fuzzily():
    # edlib refuses alphabets over 256 symbols; a long Chinese page easily has thousands.
    many = "".join(chr(0x4E00 + i * 7) for i in range(600))
    text = many[:300] + "\n" + CHINESE + "\n" + many[300:]
    exact = "岛上居民多年来一直要求作出这一改变。"
    quote, position = selectors(text, exact)
    edited = "编者按：本文已更新。\n" + text.replace("多年", "数年")
    result = anchor(edited, quote, position)
    assert result.state == "anchored" and edited[result.start:result.end] == exact.replace("多年", "数年")


def test_short_japanese_quote_whose_paragraph_was_deleted_is_not_taken_by_a_caption_with_the_same_words():
    # Extraction v2 text of a news page: a list, the quoted paragraph, a photo caption and a
    # paragraph that share the two words. The quoted paragraph is deleted.
    items = ("\n\n\n\n  \nホームドアを全ての番線に設置\n\n  \n駅舎の屋根に太陽光パネルを設置"
             "\n\n  \n駅前に路線バスの乗り場を新設\n\n\n\n\n")
    quoted = "一方、地元の商店街ろは駐車場の不足を心配する声も上がっている。\n\n\n"
    rest = ("建設が進む新駅。駐車場の不足が課題となっている。 写真：本社\n\n\n"
            "市は駐車場の不足に対応するため、臨時の駐車場を設ける方針だ。\n\n\n\n\n\n\nその他の 社会\n")
    page = "新駅の主な特徴は次の通り。" + items + quoted + rest
    quote, position = selectors(page, "駐車場の不足")
    result = anchor("新駅の主な特徴は次の通り。" + items + rest, quote, position)
    assert result.state != "anchored", result


# --- issue 12, second pass: the quote's place decides ------------------------------------------------

FERRY = ("Intro line for the page.\nThe council voted late on Monday to add two early crossings to the winter "
         "timetable. Residents of the islands had asked for the change for several years. The first boat leaves "
         "at six.\nA second paragraph about the harbour wall and its repairs.\nEnd of the article.")


def test_a_paragraph_moved_among_new_neighbours_is_found_on_its_only_copy():
    moved = "Residents of the islands had asked for the change for several years."
    quote, position = selectors(FERRY, moved)
    edited = FERRY.replace(" " + moved, "").replace("End of the article.", "Filler. " * 300 + "\n" + moved + "\nEnd.")
    result = anchor(edited, quote, position)
    assert (result.state, edited[result.start:result.end]) == ("anchored", moved)


def test_a_corrected_headline_whose_only_stale_copy_is_a_related_link_is_not_drawn_there():
    headline = "Harbour council approves the new ferry timetable for winter"
    page = f"Home › Local › {headline}\n{headline}\nBy Mira Selby\nThe council voted on Monday.\nRelated\nOther story"
    quote, position = selectors(page, headline, occurrence=1)
    corrected = "Ferry timetable vote postponed until spring"
    edited = page.replace(headline, corrected) + "\nMost read\n" + headline
    link = (edited.rindex(headline), len(edited))
    assert PageIndex(edited, [link]).anchor(quote, position).state != "anchored"


def test_a_one_word_quote_with_a_typo_between_both_intact_contexts_anchors_on_the_typo():
    text = "Achebe has been the team's leading scorer this season, the club said on its website today."
    quote, position = selectors(text, "scorer")
    edited = text.replace("scorer", "screr")
    result = anchor(edited, quote, position)
    assert (result.state, edited[result.start:result.end]) == ("anchored", "screr")


def test_a_quote_split_with_its_tail_moved_far_is_changed_not_orphaned_or_stretched():
    exact = ("The council voted late on Monday to add two early crossings to the winter timetable. "
             "Residents of the islands had asked for the change for several years.")
    quote, position = selectors(FERRY, exact)
    tail = "Residents of the islands had asked for the change for several years. The first boat leaves at six."
    edited = FERRY.replace(" " + tail, "\nAdvertisement\n").replace("End of the article.",
                                                                    "Filler. " * 1000 + "\n" + tail + "\nEnd.")
    assert anchor(edited, quote, position).state == "changed"


def test_two_sentences_of_a_quote_standing_apart_without_its_context_are_not_anchored_across():
    head, tail = "The mayor said the plan was final.", "Work on the bridge starts in May."
    text = f"Opening words of the story here.\n{head} {tail}\nClosing words of the story here."
    quote, position = selectors(text, f"{head} {tail}")
    edited = (f"Something else entirely.\n{head}\nA long unrelated box of text about another topic.\n{tail}\n"
              "Yet another paragraph.")
    result = anchor(edited, quote, position)
    assert result.state != "anchored"
