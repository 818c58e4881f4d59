// The only file that includes ICU's headers; see include/cicu.h for why.
#include "cicu.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>
#include <unicode/ustring.h>

void cicu_version(char *out, int32_t cap) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, text);
    if (cap <= 0) return;
    strncpy(out, text, (size_t)cap - 1);
    out[cap - 1] = 0;
}

const char *cicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

void *cicu_wordbreak_open(const char *locale, int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(UBRK_WORD, locale, NULL, 0, &e);
    *status = (int32_t)e;
    if (U_FAILURE(e)) return NULL;
    return it;
}

int32_t cicu_wordbreak_segments(void *iterator, const uint16_t *text, int32_t length,
                                int32_t *ends, int32_t *statuses, int32_t capacity,
                                int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    UBreakIterator *it = (UBreakIterator *)iterator;
    ubrk_setText(it, (const UChar *)text, length, &e);
    if (U_FAILURE(e)) { *status = (int32_t)e; return 0; }
    int32_t count = 0;
    ubrk_first(it);
    for (int32_t end = ubrk_next(it); end != UBRK_DONE && count < capacity; end = ubrk_next(it)) {
        ends[count] = end;
        statuses[count] = ubrk_getRuleStatus(it);
        count++;
    }
    // Detach the text so the iterator never holds a pointer to the caller's buffer.
    static const UChar empty[1] = {0};
    ubrk_setText(it, empty, 0, &e);
    *status = (int32_t)e;
    return count;
}

void cicu_wordbreak_close(void *iterator) {
    if (iterator) ubrk_close((UBreakIterator *)iterator);
}

int32_t cicu_nfkc(const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity,
                  int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&e);
    if (U_FAILURE(e)) { *status = (int32_t)e; return 0; }
    int32_t needed = unorm2_normalize(n, (const UChar *)src, length, (UChar *)dst, capacity, &e);
    *status = (int32_t)e;
    return needed;
}

int32_t cicu_nfkc_is_inert(uint32_t codePoint) {
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&e);
    if (U_FAILURE(e)) return 0;
    return unorm2_isInert(n, (UChar32)codePoint) ? 1 : 0;
}

void *cicu_translit_open(const char *identifier, int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    UChar id[128];
    u_uastrncpy(id, identifier, 127);
    id[127] = 0;
    UTransliterator *t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    *status = (int32_t)e;
    if (U_FAILURE(e)) return NULL;
    return t;
}

int32_t cicu_translit_apply(void *transliterator, uint16_t *buffer, int32_t length,
                            int32_t capacity, int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    int32_t len = length, limit = length;
    utrans_transUChars((UTransliterator *)transliterator, (UChar *)buffer, &len, capacity, 0,
                       &limit, &e);
    *status = (int32_t)e;
    return len;
}

int32_t cicu_translit_rules(void *transliterator, uint16_t *dst, int32_t capacity, int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    int32_t length = utrans_toRules((const UTransliterator *)transliterator, 0, (UChar *)dst, capacity, &e);
    *status = (int32_t)e;
    return length;
}

void cicu_translit_close(void *transliterator) {
    if (transliterator) utrans_close((UTransliterator *)transliterator);
}

uint32_t cicu_tolower(uint32_t codePoint) { return (uint32_t)u_tolower((UChar32)codePoint); }

int32_t cicu_detect_charsets(const uint8_t *data, int32_t length, char *names,
                             int32_t nameStride, int32_t *confidences, int32_t maxResults,
                             int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&e);
    if (U_FAILURE(e)) { *status = (int32_t)e; return 0; }
    ucsdet_setText(d, (const char *)data, length, &e);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(d, &found, &e);
    int32_t count = 0;
    if (U_SUCCESS(e)) {
        for (int32_t i = 0; i < found && count < maxResults; i++) {
            UErrorCode e2 = U_ZERO_ERROR;
            const char *name = ucsdet_getName(matches[i], &e2);
            int32_t conf = ucsdet_getConfidence(matches[i], &e2);
            if (U_FAILURE(e2) || name == NULL) continue;
            strncpy(names + (size_t)count * (size_t)nameStride, name, (size_t)nameStride - 1);
            names[(size_t)count * (size_t)nameStride + (size_t)nameStride - 1] = 0;
            confidences[count] = conf;
            count++;
        }
    }
    *status = (int32_t)e;
    ucsdet_close(d);
    return count;
}

int32_t cicu_decode(const char *charset, const uint8_t *src, int32_t length, uint16_t *dst,
                    int32_t capacity, int32_t *badCount, int32_t *firstBadOffset,
                    int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    *badCount = 0;
    *firstBadOffset = -1;
    UConverter *c = ucnv_open(charset, &e);
    if (U_FAILURE(e)) { *status = (int32_t)e; return 0; }
    ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
    if (U_FAILURE(e)) { *status = (int32_t)e; ucnv_close(c); return 0; }
    const char *source = (const char *)src;
    const char *sourceLimit = source + length;
    UChar *target = (UChar *)dst;
    UChar *targetLimit = target + capacity;
    for (;;) {
        UErrorCode step = U_ZERO_ERROR;
        ucnv_toUnicode(c, &target, targetLimit, &source, sourceLimit, NULL, 1, &step);
        if (step == U_ILLEGAL_CHAR_FOUND || step == U_INVALID_CHAR_FOUND ||
            step == U_TRUNCATED_CHAR_FOUND) {
            char bad[32];
            int8_t badLength = (int8_t)sizeof(bad);
            UErrorCode e3 = U_ZERO_ERROR;
            ucnv_getInvalidChars(c, bad, &badLength, &e3);
            int32_t offset = (int32_t)(source - (const char *)src) - (U_SUCCESS(e3) ? badLength : 1);
            if (offset < 0) offset = 0;
            if (*firstBadOffset < 0) *firstBadOffset = offset;
            (*badCount)++;
            if (target >= targetLimit) { e = U_BUFFER_OVERFLOW_ERROR; break; }
            *target++ = 0xFFFD;
            if (step == U_TRUNCATED_CHAR_FOUND || source >= sourceLimit) {
                ucnv_reset(c);
                if (source >= sourceLimit) break;
            }
            continue;
        }
        if (U_FAILURE(step)) { e = step; break; }
        break;
    }
    *status = (int32_t)e;
    ucnv_close(c);
    return (int32_t)(target - (UChar *)dst);
}

int32_t cicu_encode(const char *charset, const uint16_t *src, int32_t length, uint8_t *dst,
                    int32_t capacity, int32_t *status) {
    UErrorCode e = U_ZERO_ERROR;
    UConverter *c = ucnv_open(charset, &e);
    if (U_FAILURE(e)) { *status = (int32_t)e; return 0; }
    int32_t needed = ucnv_fromUChars(c, (char *)dst, capacity, (const UChar *)src, length, &e);
    *status = (int32_t)e;
    ucnv_close(c);
    return needed;
}
