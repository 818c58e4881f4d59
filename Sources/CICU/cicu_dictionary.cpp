// ICU's Chinese/Japanese word dictionary (brkitr/cjdict) and the character classes its word break
// uses, copied out for the segmenter's own implementation of that dictionary break (see
// HanDictionaryBreak.swift). C++ because ICU exposes a trie iterator only in its C++ API.
#include "include/cicu.h"
#include <unicode/udata.h>
#include <unicode/ucharstrie.h>
#include <unicode/uchar.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <vector>
#include <new>

namespace {
struct Dictionary {
    std::vector<uint16_t> units;
    std::vector<int32_t> ends;
    std::vector<int32_t> costs;
};
}

extern "C" void *cicu_cjdict_open(int32_t *words, int32_t *units, int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    *words = 0;
    *units = 0;
    UDataMemory *memory = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "dict", "cjdict", &e);
    if (U_FAILURE(e)) { *status = (int32_t)e; return nullptr; }
    const int32_t *indexes = static_cast<const int32_t *>(udata_getMemory(memory));
    // DictionaryData: indexes[0] is the trie's offset, indexes[4] the trie type (1: UChars) | 8 (has values).
    if (indexes == nullptr || (indexes[4] & 7) != 1 || (indexes[4] & 8) == 0 || indexes[0] < 32) {
        udata_close(memory);
        *status = (int32_t)U_INVALID_FORMAT_ERROR;
        return nullptr;
    }
    const char16_t *trie = reinterpret_cast<const char16_t *>(reinterpret_cast<const char *>(indexes) + indexes[0]);
    Dictionary *d = new (std::nothrow) Dictionary();
    if (d == nullptr) { udata_close(memory); *status = (int32_t)U_MEMORY_ALLOCATION_ERROR; return nullptr; }
    {
        icu::UCharsTrie::Iterator it(trie, 0, e);
        while (U_SUCCESS(e) && it.next(e)) {
            const icu::UnicodeString &s = it.getString();
            for (int32_t i = 0; i < s.length(); i++) d->units.push_back((uint16_t)s.charAt(i));
            d->ends.push_back((int32_t)d->units.size());
            d->costs.push_back(it.getValue());
        }
    }
    udata_close(memory);
    if (U_FAILURE(e)) { delete d; *status = (int32_t)e; return nullptr; }
    *words = (int32_t)d->ends.size();
    *units = (int32_t)d->units.size();
    *status = 0;
    return d;
}

extern "C" void cicu_cjdict_read(void *dictionary, uint16_t *units, int32_t *wordEnds, int32_t *costs) {
    const Dictionary *d = static_cast<const Dictionary *>(dictionary);
    if (d == nullptr) return;
    for (size_t i = 0; i < d->units.size(); i++) units[i] = d->units[i];
    for (size_t i = 0; i < d->ends.size(); i++) { wordEnds[i] = d->ends[i]; costs[i] = d->costs[i]; }
}

extern "C" void cicu_cjdict_close(void *dictionary) {
    delete static_cast<Dictionary *>(dictionary);
}

extern "C" int32_t cicu_wordbreak_classes(uint8_t *classes, int32_t count, int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    static const char pattern[] = "[[:Han:][:Hiragana:][:Katakana:]\\u30fc\\uff70\\uff9e\\uff9f]";
    UChar upattern[96];
    u_uastrncpy(upattern, pattern, 95);
    upattern[95] = 0;
    USet *cj = uset_openPattern(upattern, -1, &e);
    if (U_FAILURE(e)) { *status = (int32_t)e; return 0; }
    for (int32_t c = 0; c < count; c++) {
        uint8_t bits = 0;
        if (uset_contains(cj, c)) bits |= 1;
        int32_t wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
        if (wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ || wb == U_WB_EXTENDNUMLET
            || u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT
            || (c >= 0xD800 && c <= 0xDFFF)) {
            bits |= 2;
        }
        classes[c] = bits;
    }
    uset_close(cj);
    *status = 0;
    return count;
}
