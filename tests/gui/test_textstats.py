from desktop.gui.textstats import syllables, text_stats


def test_syllables_estimate() -> None:
    assert syllables("cat") == 1
    assert syllables("license") == 2
    assert syllables("irrevocable") >= 4


def test_reading_time_and_readability_bands() -> None:
    easy = text_stats("We keep your data. You can ask us to delete it. We do not sell it.")
    legal = text_stats("Notwithstanding the foregoing, the licensee irrevocably authorises the corporation "
                       "to sublicense, commercialise and otherwise exploit any contributed intellectual "
                       "property in perpetuity throughout the universe.")
    assert easy.flesch > legal.flesch
    assert easy.readability == "easy to read"
    assert legal.readability.startswith("very hard")
    assert text_stats("word " * 2300).reading_time == "about 10 minutes"
    assert text_stats("").words == 0
