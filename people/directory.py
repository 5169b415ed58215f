"""Reference data of the directory: ISO 639-1 languages and generation bands."""

from babel import Locale
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

# ISO 639-1, all 183 two-letter codes.
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr
    cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn
    gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki
    kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml
    mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt
    qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te
    tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh
    zu
    """.split()
)


def language_name(code: str, *, in_sentence: bool = False) -> str:
    """The language's name in the active language (CLDR's, through Babel, for every ISO 639-1
    code: “chinois”, “Chinese”), or its code when neither Babel nor Django knows it.
    `in_sentence`: as it reads inside a sentence or a list, where French writes it in lower
    case (“anglais et français”, “Les deux parlent espagnol.”); a label keeps its capital."""
    reader = (get_language() or "en").split("-")[0]
    name = Locale.parse(reader if reader in ("en", "fr") else "en").languages.get(code)
    if not name:
        try:
            name = str(get_language_info(code)["name_translated"])
        except KeyError:
            return code.upper()
    if reader == "fr" and in_sentence:
        return name.lower()
    return capfirst(name)


class Generation(models.TextChoices):
    """Generation bands. Only the band is stored, never a birth date or year."""

    BOOMER = "boomer", _("Baby boomers (born 1946–1964)")
    GEN_X = "gen_x", _("Generation X (born 1965–1980)")
    GEN_Y = "gen_y", _("Generation Y (born 1981–1996)")
    GEN_Z = "gen_z", _("Generation Z (born 1997–2012)")


def generation_for(birth_year: int) -> Generation:
    # People born before 1946 are counted with the boomers: the band is about
    # working life, and a separate band of one or two people would identify them.
    if birth_year <= 1964:
        return Generation.BOOMER
    if birth_year <= 1980:
        return Generation.GEN_X
    if birth_year <= 1996:
        return Generation.GEN_Y
    return Generation.GEN_Z
