"""Normalisation: case, accents, punctuation, abbreviations in several languages, house numbers."""

import pytest

from cameramap.geocoding.normalize import abbreviated_keys, fold, housenumber_key, street_keys


@pytest.mark.parametrize(("text", "folded"), [
    ("  Säästöpankinranta ", "saastopankinranta"),
    ("MANNERHEIMINTIE", "mannerheimintie"),
    ("Straße", "strasse"),
    ("Тверская   улица", "tverskaia ulitsa"),
    ("Ёлкин проезд", "elkin proezd"),
])
def test_fold_removes_case_accents_and_script(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(("written", "canonical"), [
    ("Pitt St", "Pitt Street"),
    ("Pitt St.", "Pitt Street"),
    ("5th Ave", "5th Avenue"),
    ("Abbey Rd", "Abbey Road"),
    ("W 71st St", "West 71st Street"),
    ("Tverskaya ul.", "Tverskaya ulitsa"),
    ("Тверская ул.", "Тверская улица"),
    ("Nevsky pr.", "Nevsky prospekt"),
    ("Невский просп.", "Невский проспект"),
    ("Annank.", "Annankatu"),
    ("Mannerheimint.", "Mannerheimintie"),
    ("Ateneumink.", "Ateneuminkatu"),
    ("Alvar Aallon k.", "Alvar Aallonkatu"),
    ("Alvar Aallon Katu", "Alvar Aallon katu"),
    ("Simonsg.", "Simonsgatan"),
    ("Mannerheimv.", "Mannerheimvägen"),
    ("Yrjö-Koskisen katu", "Yrjö Koskisen katu"),
])
def test_abbreviations_and_spacing_give_the_same_key(written, canonical):
    assert street_keys(written)[0] == street_keys(canonical)[0]


def test_different_streets_keep_different_keys():
    assert street_keys("Kaisaniemenkatu")[0] != street_keys("Kaisaniementie")[0]
    assert street_keys("Annankatu")[0] != street_keys("Annank")[0]  # undotted: an index alias instead
    assert "annank" in abbreviated_keys(street_keys("Annankatu")[0])


def test_core_key_drops_standalone_street_type():
    assert street_keys("Tverskaya ulitsa")[1] == street_keys("Tverskaya")[0]
    assert street_keys("Annankatu")[1] == ""  # a compound keeps its type: no core


@pytest.mark.parametrize(("raw", "key"), [
    ("5", "5"), ("5 A", "5a"), ("14B", "14b"), ("15-17", "15-17"), ("15 – 17", "15-17"),
    ("2, 2. krs./Floor 2", "2"), ("007", "7"), ("", None), ("B", None), (None, None),
])
def test_housenumber_keys(raw, key):
    assert housenumber_key(raw) == key
