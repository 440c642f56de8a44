"""Evidence that a page in Bengali script is not in Bengali: Assamese (and the other languages
written in it) use letters and words Bengali does not.

Read by `khobor.text.language`. Words are matched whole, after ৰ → র and ৱ → ব (so an Assamese
page typed with Bengali's র, as sites without an Assamese keyboard do, still matches), and
after `normalize_text` (য় decomposed).
"""

from __future__ import annotations

# Assamese's own letters: ৰ (U+09F0, its "ra") and ৱ (U+09F1, "wa"). Bengali writes র and
# ও/য়া; a Bengali text holds them only where it quotes Assamese.
ASSAMESE_RA = "\u09f0"
ASSAMESE_WA = "\u09f1"
BENGALI_RA = "\u09b0"

# Frequent Assamese words that Bengali does not use (spelled with র/ব, see above). Left out:
# words both languages share (এই, কিন্তু, যে, আমার), and Assamese words that are also Bengali
# words or old spellings (করে, হয়, এখন "now", নাই, করিব, হ'ল).
ASSAMESE_WORDS: tuple[str, ...] = (
    "আরু",  # "and" (Bengali: এবং, আর)
    "হৈছে", "হৈ", "হৈছিল",  # "has become" (Bengali: হয়েছে)
    "করিছে", "করিছিল", "করাব", "করিবলৈ",  # "has done", "to do" (Bengali: করেছে, করতে)
    "তেওঁ", "তেওঁলোক", "তেওঁলোকে", "তেওঁলোকৰ", "তেওঁলোকর",  # "he/she, they" (Bengali: তিনি)
    "বুলি", "বুলিও",  # quotative "that" (Bengali: বলে)
    "সৈতে",  # "with" (Bengali: সঙ্গে)
    "সকলো",  # "all" (Bengali: সকল, সব)
    "আছিল",  # "was" (Bengali: ছিল)
    "লৈছে", "লৈ",  # "has taken" (Bengali: নিয়েছে)
    "যোবা", "হোবা", "পোবা", "নোহোবা",  # participles in ৱা (Bengali: যাওয়া, হওয়া)
    "ওপরত", "মাজত", "বাবে",  # postpositions: "on", "among", "for" (not পরা: Bengali "worn")
    "ইয়ার", "সেইবোর", "এইবোর",  # "its", plural demonstratives
    "নহয়", "নাযাবলৈ",  # "is not" (Bengali: নয়)
    "জনাইছে", "কৈছে",  # "has said" (Bengali: জানিয়েছে, বলেছে)
)

# Frequent Bengali words that Assamese does not use.
BENGALI_WORDS: tuple[str, ...] = (
    "এবং", "থেকে", "হয়েছে", "করেছে", "তিনি", "তাঁরা", "জন্য", "সঙ্গে", "হচ্ছে", "বলেন", "বলেছেন",
    "জানান", "জানিয়েছে", "জানিয়েছেন", "ছিল", "ছিলেন", "নয়", "হবে", "করতে", "হয়ে", "গেছে",
    "রয়েছে", "বলছেন",  # (not আছে, দিয়ে, নিয়ে: Assamese has them too)
)

# Languages in Bengali script other than Bengali, by the identifier's label (fastText lid.176):
# their names in a quarantine detail.
OTHER_BENGALI_SCRIPT_LANGUAGES: dict[str, str] = {
    "as": "Assamese",
    "bpy": "Bishnupriya Manipuri",
    "mni": "Meitei (Manipuri)",
    "sat": "Santali",
}
